"""The batch pages (issue #16, item 3): the dossier page reviews many items in one post, the meeting's tallies are
one grid; refusals are shown on their rows and change nothing; both pages stay fast for ~40 items."""

import re

from django.urls import reverse

from tdkt.audit.models import AuditEvent
from tdkt.nominations.choices import ItemStatus
from tdkt.nominations.models import DossierItem, Tally
from tdkt.nominations.tests.factories import big_dossier
from tdkt.nominations.tests.test_services import meeting
from tdkt.org.tests.factories import client_for


def url(name, *args):
    return reverse(f"nominations:{name}", args=[getattr(a, "pk", a) for a in args])


def state():
    return (
        list(DossierItem.objects.order_by("pk").values_list("pk", "status", "status_reason")),
        Tally.objects.count(),
        AuditEvent.objects.count(),
    )


def review_post(items, *, action="approve", reason="", ticked=None, own=None) -> dict:
    """The dossier page's batch review post: a row per item (prefix "r"), `ticked` pks (all by default), and
    `own` = {pk: (action, reason)} for the exceptions."""
    ticked = {i.pk for i in items} if ticked is None else ticked
    data = {"r-TOTAL_FORMS": len(items), "r-INITIAL_FORMS": len(items), "action": action, "reason": reason}
    for n, item in enumerate(items):
        data[f"r-{n}-item"] = item.pk
        if item.pk in ticked:
            data[f"r-{n}-selected"] = "on"
        own_action, own_reason = (own or {}).get(item.pk, ("", ""))
        data[f"r-{n}-action"], data[f"r-{n}-reason"] = own_action, own_reason
    return data


def test_the_reviewer_s_dossier_page_is_the_batch_form_and_stays_fast(flow, django_assert_max_num_queries):
    dossier, items = big_dossier(flow, 40)
    client = client_for(flow.org.officer_a)
    client.get(url("dossier_detail", dossier))  # warm the per-process caches (catalogue, rule sets)
    with django_assert_max_num_queries(25):  # 16 when written, whatever the number of items
        page = client.get(url("dossier_detail", dossier)).content.decode()
    assert 'data-testid="bulk-review"' in page and page.count("data-bulk-item") == 40
    assert 'for="chon-tat-ca"' in page and "Chọn tất cả đề nghị đang chờ xét" in page
    assert page.count(">Riêng đề nghị này<") == 40 and "Thông qua các đề nghị đã chọn" in page
    # the submitter, who does not review, sees no batch form
    assert (
        'data-testid="bulk-review"'
        not in client_for(flow.org.viewer_a).get(url("dossier_detail", dossier)).content.decode()
    )


def test_forty_items_approved_and_two_returned_in_one_post(flow, django_assert_max_num_queries):
    dossier, items = big_dossier(flow, 40)
    client = client_for(flow.org.officer_a)
    own = {items[7].pk: ("reject", "Thiếu bản nhận xét"), items[30].pk: ("reject", "Chưa đủ thời gian")}
    with django_assert_max_num_queries(35):  # 27 when written: one move per action and reason
        response = client.post(url("items_review", dossier), review_post(items, own=own))
    assert response.status_code == 302
    statuses = dict(DossierItem.objects.values_list("pk", "status"))
    assert sum(s == ItemStatus.DAT for s in statuses.values()) == 38
    assert DossierItem.objects.get(pk=items[30].pk).status_reason == "Chưa đủ thời gian"
    page = client.get(response.url).content.decode()
    assert "Đã xét 40 đề nghị: thông qua 38, không chấp thuận (trả lại) 2." in page


def test_a_return_without_a_reason_saves_nothing_and_is_shown_on_its_row(flow):
    dossier, items = big_dossier(flow, 5)
    client = client_for(flow.org.officer_a)
    before = state()
    own = {items[1].pk: ("reject", ""), items[3].pk: ("reject", "Không đủ tiêu chuẩn")}
    response = client.post(url("items_review", dossier), review_post(items, ticked={items[0].pk}, own=own))
    assert response.status_code == 400 and state() == before
    page = response.content.decode()
    name = items[1].person.full_name
    error = re.search(r'data-testid="row-error">([^<]*)<', page).group(1)
    assert error == f"{name} (Chiến sĩ thi đua cơ sở): phải ghi lý do không chấp thuận."
    assert page.count('class="table-danger"') == 1  # only that row
    # what was ticked and typed is still there, to correct and send again
    assert 'value="Không đủ tiêu chuẩn"' in page and page.count("checked") >= 1


def test_nothing_selected_or_no_action_is_a_clear_message(flow):
    dossier, items = big_dossier(flow, 2)
    client = client_for(flow.org.officer_a)
    before = state()
    none = client.post(url("items_review", dossier), review_post(items, ticked=set()))
    assert none.status_code == 400 and "Chọn ít nhất một đề nghị" in none.content.decode()
    no_action = client.post(url("items_review", dossier), review_post(items, action=""))
    assert no_action.status_code == 400 and "Chọn thao tác cho các đề nghị đã chọn" in no_action.content.decode()
    assert state() == before


def test_the_batch_review_refuses_the_wrong_side(flow):
    dossier, items = big_dossier(flow, 2)
    before = state()
    assert client_for(flow.org.viewer_a).post(url("items_review", dossier), review_post(items)).status_code == 403
    assert client_for(flow.org.officer_b).post(url("items_review", dossier), review_post(items)).status_code == 404
    assert state() == before


def grid_post(items, counts: dict) -> dict:
    """The tally grid's post: a row per item (prefix "t"), `counts` = {pk: (agree, disagree)}; others blank."""
    data = {"t-TOTAL_FORMS": len(items), "t-INITIAL_FORMS": len(items)}
    for n, item in enumerate(items):
        agree, disagree = counts.get(item.pk, ("", ""))
        data |= {f"t-{n}-item": item.pk, f"t-{n}-agree": agree, f"t-{n}-disagree": disagree}
        data |= {f"t-{n}-abstain": "0", f"t-{n}-invalid": "0"}
    return data


def test_the_tally_grid_saves_a_meeting_s_forty_counts_in_one_submit(flow, django_assert_max_num_queries):
    dossier, items = big_dossier(flow, 40, stage="council")
    sitting = meeting(flow, dossier)
    client = client_for(flow.org.council_a)
    client.get(url("tally", dossier, sitting))
    with django_assert_max_num_queries(25):  # 15 when written
        page = client.get(url("tally", dossier, sitting)).content.decode()
    assert page.count('data-testid="tally-row"') == 40 and page.count('type="number"') == 160
    assert page.count(">Thành viên không tham gia — ") == 40  # every recusal select has its label
    counts = {i.pk: (8, 1) for i in items}
    counts[items[5].pk] = (2, 6)
    with django_assert_max_num_queries(40):  # 33 when written
        response = client.post(url("tally", dossier, sitting), grid_post(items, counts))
    assert response.status_code == 302
    assert Tally.objects.filter(meeting=sitting).count() == 40
    assert DossierItem.objects.get(pk=items[5].pk).status == ItemStatus.KHONG_DAT
    page = client.get(response.url).content.decode()
    assert "Đã ghi kết quả kiểm phiếu của 40 đề nghị: 39 đạt, 1 không đạt." in page
    assert 'data-testid="tally-grid"' not in page  # nothing left to vote on


def test_one_invalid_row_of_the_grid_saves_nothing_and_shows_the_error_on_that_row(flow):
    dossier, items = big_dossier(flow, 4, stage="council")
    sitting = meeting(flow, dossier)
    client = client_for(flow.org.council_a)
    before = state()
    counts = {items[0].pk: (8, 0), items[1].pk: (8, 4), items[2].pk: ("", "3")}
    response = client.post(url("tally", dossier, sitting), grid_post(items, counts))
    assert response.status_code == 400 and state() == before
    page = response.content.decode()
    errors = re.findall(r'data-testid="row-error" id="[^"]+">([^<]*)<', page)
    assert errors == ["Nhập số phiếu đồng ý (hoặc để trống cả dòng)."]  # the form's check, before the service
    counts[items[2].pk] = ("", "")
    response = client.post(url("tally", dossier, sitting), grid_post(items, counts))
    assert response.status_code == 400 and state() == before
    errors = re.findall(r'data-testid="row-error" id="[^"]+">([^<]*)<', response.content.decode())
    name = items[1].person.full_name
    assert errors == [f"{name} (Chiến sĩ thi đua cơ sở): Tổng số phiếu (12) lớn hơn số thành viên được biểu quyết (9)."]
    assert 'value="8"' in response.content.decode()  # the typed counts stay in the grid


def test_an_empty_grid_is_a_message_and_a_negative_count_an_error_on_its_row(flow):
    dossier, items = big_dossier(flow, 2, stage="council")
    sitting = meeting(flow, dossier)
    client = client_for(flow.org.council_a)
    before = state()
    empty = client.post(url("tally", dossier, sitting), grid_post(items, {}))
    assert empty.status_code == 400 and "Chưa nhập số phiếu của đề nghị nào." in empty.content.decode()
    negative = client.post(url("tally", dossier, sitting), grid_post(items, {items[0].pk: (-1, 0)}))
    assert negative.status_code == 400 and "Đồng ý: " in negative.content.decode()
    assert state() == before


def test_a_count_of_twenty_digits_is_an_error_on_its_row_and_every_typed_count_stays(flow):
    """The overlong-number guard (core.middleware) leaves this form to the form: a bare 400 page lost the grid."""
    dossier, items = big_dossier(flow, 3, stage="council")
    sitting = meeting(flow, dossier)
    client = client_for(flow.org.council_a)
    before = state()
    huge = "9" * 20
    counts = {items[0].pk: (7, 1), items[1].pk: (huge, 1), items[2].pk: (6, 2)}  # one error, not "nhập số phiếu"
    response = client.post(url("tally", dossier, sitting), grid_post(items, counts))
    assert response.status_code == 400 and state() == before
    page = response.content.decode()
    errors = re.findall(r'data-testid="row-error" id="([^"]+)">([^<]*)<', page)
    assert errors == [(f"loi-kiem-phieu-{items[1].pk}", "Đồng ý: số phiếu quá lớn (tối đa 100.000).")]
    assert f'value="{huge}"' in page and 'value="7"' in page and 'value="6"' in page  # nothing typed is lost
    assert 'max="100000"' in page  # the browser knows the bound too
    # a forged hidden id of 20 digits is the form's refusal as well, never a query
    forged = grid_post(items, {items[0].pk: (7, 1)}) | {"t-0-item": huge}
    assert client.post(url("tally", dossier, sitting), forged).status_code == 400 and state() == before


def test_the_overlong_number_guard_still_answers_400_for_other_forms_and_queries(flow):
    dossier, items = big_dossier(flow, 1, stage="council")
    sitting = meeting(flow, dossier)
    client = client_for(flow.org.council_a)
    before = state()
    huge = "9" * 20
    query = client.get(url("tally", dossier, sitting), {"so": huge})
    assert query.status_code == 400 and "số quá lớn (20 chữ số)" in query.content.decode()
    review = client.post(url("items_review", dossier), review_post(items) | {"r-0-item": huge})
    assert review.status_code == 400 and "số quá lớn (20 chữ số)" in review.content.decode()
    assert state() == before
