"""Review many items at once (issue #16, item 3): approve all selected with exceptions, all or nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tdkt.audit.models import AuditEvent
from tdkt.core.errors import DomainError
from tdkt.nominations import services
from tdkt.nominations.choices import ItemStatus
from tdkt.nominations.models import DossierItem
from tdkt.nominations.services import ReviewChoice
from tdkt.nominations.tests.factories import big_dossier
from tdkt.nominations.tests.test_services import dossier_for


def state():
    """Everything a review may change: each item's status and reason, and the audit trail."""
    return list(
        DossierItem.objects.order_by("pk").values_list("pk", "status", "status_reason")
    ), AuditEvent.objects.count()


def test_forty_items_approved_with_two_returned_each_with_its_reason(flow):
    dossier, items = big_dossier(flow, 40)
    audited = AuditEvent.objects.count()
    keep, first, second = items[2:], items[0], items[1]
    choices = services.review_choices(
        items=[i.pk for i in items],
        action="approve",
        exceptions=[
            ReviewChoice(item=first.pk, action="reject", reason="Thiếu  bản nhận xét của chi bộ"),
            ReviewChoice(item=second.pk, action="reject", reason="Chưa đủ 3 năm CSTT liên tục"),
        ],
    )
    result = services.items_review(actor=flow.org.officer_a, dossier=dossier, choices=choices)
    assert result.counts == {"approve": 38, "reject": 2, "forward": 0}
    assert result.summary() == "Đã xét 40 đề nghị: thông qua 38, không chấp thuận (trả lại) 2."
    statuses = dict(DossierItem.objects.filter(dossier=dossier).values_list("pk", "status"))
    assert {statuses[i.pk] for i in keep} == {ItemStatus.DAT}
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.status_reason) == (ItemStatus.KHONG_DAT, "Thiếu bản nhận xét của chi bộ")
    assert (second.status, second.status_reason) == (ItemStatus.KHONG_DAT, "Chưa đủ 3 năm CSTT liên tục")
    # one audit event per item, each with the reason it was given
    events = AuditEvent.objects.filter(seq__gt=audited).order_by("seq")
    assert events.count() == 40
    assert {e.object_id for e in events} == {str(i.pk) for i in items}
    rejected = {e.object_id: e.reason for e in events if e.action == "nominations.item.reject"}
    assert rejected == {str(first.pk): "Thiếu bản nhận xét của chi bộ", str(second.pk): "Chưa đủ 3 năm CSTT liên tục"}
    assert sum(e.action == "nominations.item.approve" for e in events) == 38


def test_one_refused_item_refuses_the_whole_batch_and_names_every_refused_item(flow):
    dossier, items = big_dossier(flow, 6)
    services.item_review(actor=flow.org.officer_a, item=items[3], action="reject", reason="Không đủ tiêu chuẩn")
    before = state()
    choices = services.review_choices(
        items=[i.pk for i in items],
        action="approve",
        exceptions=[ReviewChoice(item=items[0].pk, action="reject", reason="  ")],  # a return needs a reason
    )
    with pytest.raises(ValidationError) as caught:
        services.items_review(actor=flow.org.officer_a, dossier=dossier, choices=choices)
    assert state() == before  # nothing changed, not even the 4 items that could have been approved
    refused = caught.value
    assert set(refused.refusals) == {items[0].pk, items[3].pk}
    message = refused.messages[0]
    assert message.startswith("Chưa xét đề nghị nào: 2 đề nghị không xét được")
    assert f"{items[0].person.full_name} (Chiến sĩ thi đua cơ sở): phải ghi lý do không chấp thuận." in message
    assert f"{items[3].person.full_name} (Chiến sĩ thi đua cơ sở): đề nghị đã “Không được thông qua”." in message
    assert "CSTDCS" not in message and "BULK-" not in message  # names, never codes


def test_an_item_of_another_dossier_is_refused_without_naming_it(flow):
    dossier, items = big_dossier(flow, 2)
    other = dossier_for(flow, title="Hồ sơ khác")
    foreign = services.item_add(
        actor=flow.org.officer_a, dossier=other, entry=flow.entry("CSTT"), person=flow.org.person_a
    )
    before = state()
    choices = services.review_choices(items=[items[0].pk, foreign.pk], action="approve")
    with pytest.raises(ValidationError) as caught:
        services.items_review(actor=flow.org.officer_a, dossier=dossier, choices=choices)
    assert state() == before
    assert caught.value.refusals == {foreign.pk: "Đề nghị không thuộc hồ sơ này."}
    assert flow.org.person_a.full_name not in caught.value.messages[0]


@pytest.mark.parametrize(
    ("who", "error"),
    [("officer_b", Http404), ("viewer_a", PermissionDenied), ("council_a", PermissionDenied)],
)
def test_a_refused_reviewer_changes_nothing(flow, who, error):
    dossier, items = big_dossier(flow, 3)
    before = state()
    with pytest.raises(error):
        services.items_review(
            actor=getattr(flow.org, who),
            dossier=dossier,
            choices=services.review_choices(items=[i.pk for i in items], action="approve"),
        )
    assert state() == before


def test_a_dossier_not_under_review_and_an_empty_selection_are_refused(flow):
    dossier = dossier_for(flow)
    item = services.item_add(
        actor=flow.org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=flow.org.person_a
    )
    reviewing, _ = big_dossier(flow, 1)
    before = state()
    with pytest.raises(DomainError, match="Chỉ xét đề nghị khi hồ sơ đang xét"):
        services.items_review(
            actor=flow.org.officer_a, dossier=dossier, choices=[ReviewChoice(item=item.pk, action="approve")]
        )
    with pytest.raises(ValidationError, match="Chọn ít nhất một đề nghị"):
        services.items_review(actor=flow.org.officer_a, dossier=reviewing, choices=[])
    assert state() == before


def test_review_choices_lets_an_exception_replace_the_common_action():
    choices = services.review_choices(
        items=[1, 2, 3], action="approve", reason="", exceptions=[ReviewChoice(item=2, action="reject", reason="x")]
    )
    assert choices == [
        ReviewChoice(item=1, action="approve"),
        ReviewChoice(item=2, action="reject", reason="x"),
        ReviewChoice(item=3, action="approve"),
    ]
    # an exception outside the selection still counts: "return this one" without ticking it
    assert services.review_choices(items=[], exceptions=[ReviewChoice(item=5, action="forward")]) == [
        ReviewChoice(item=5, action="forward")
    ]


def test_reviewing_forty_two_items_costs_a_constant_number_of_queries(flow, django_assert_max_num_queries):
    dossier, items = big_dossier(flow, 42)
    choices = services.review_choices(
        items=[i.pk for i in items],
        action="approve",
        exceptions=[ReviewChoice(item=items[i].pk, action="reject", reason=f"Lý do {i}") for i in (5, 9)],
    )
    with django_assert_max_num_queries(30):
        services.items_review(actor=flow.org.officer_a, dossier=dossier, choices=choices)
    assert DossierItem.objects.filter(dossier=dossier, status=ItemStatus.DAT).count() == 40
