"""The dossier pages: each step through a form post, refusals shown and nothing written."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tdkt.nominations import services
from tdkt.nominations.choices import DossierStatus
from tdkt.nominations.models import DecisionIssue, Dossier, DossierItem
from tdkt.nominations.tests.test_services import PDF, SIGNER, dossier_for, meeting, to_council
from tdkt.org.tests.factories import client_for


def url(name, dossier, *args):
    return reverse(f"nominations:{name}", args=[dossier.pk, *args])


def test_the_officer_builds_and_submits_a_dossier_through_the_pages(flow):
    client = client_for(flow.org.officer_a)
    response = client.post(
        reverse("nominations:dossier_create"),
        {"unit": flow.org.a.pk, "year": 2025, "kind": "THUONG_XUYEN", "title": "Tổng kết năm 2025"},
    )
    dossier = Dossier.objects.get(title="Tổng kết năm 2025")
    assert response.status_code == 302
    client.post(url("bulk_add", dossier), {"award": "CSTT", "status": "ELIGIBLE"})
    assert dossier.items.count() == 3
    client.post(url("transition", dossier, "submit"))
    page = client.get(url("dossier_detail", dossier)).content.decode()
    assert "Đã gửi, chờ tiếp nhận" in page and "Cục Chính trị" in page and "Tờ trình số 1/TTr-CCT" in page


def test_an_officer_of_another_agency_cannot_open_the_dossier_or_its_files(flow):
    dossier = dossier_for(flow)
    attachment = services.attachment_add(
        actor=flow.org.officer_a, dossier=dossier, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    outsider = client_for(flow.org.officer_b)
    assert outsider.get(url("dossier_detail", dossier)).status_code == 404
    assert outsider.get(reverse("nominations:attachment_download", args=[attachment.pk])).status_code == 404
    assert outsider.get(url("document", dossier, "to-trinh")).status_code == 404
    assert dossier.title not in outsider.get(reverse("nominations:dossier_list")).content.decode()
    own = client_for(flow.org.officer_a).get(reverse("nominations:attachment_download", args=[attachment.pk]))
    assert own.status_code == 200 and b"".join(own.streaming_content) == PDF


def test_a_forged_item_id_is_refused_and_changes_nothing(flow):
    mine, other = dossier_for(flow), dossier_for(flow, title="Khác")
    foreign = services.item_add(
        actor=flow.org.officer_a, dossier=other, entry=flow.entry("CSTT"), person=flow.org.person_a
    )
    client = client_for(flow.org.officer_a)
    response = client.post(url("item_action", mine, "withdraw"), {"item": foreign.pk})
    assert response.status_code == 404
    assert DossierItem.objects.get(pk=foreign.pk).status == "DE_NGHI"
    assert client.post(url("item_action", mine, "withdraw"), {"item": "1 OR 1=1"}).status_code == 404


def test_an_illegal_transition_shows_a_message(flow):
    dossier = dossier_for(flow)
    client = client_for(flow.org.officer_a)
    response = client.post(url("transition", dossier, "to_council"), follow=True)
    assert "Không thể" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.NHAP


def grid(agree: dict) -> dict:
    """The tally grid's post (`bulk_forms.TallyRowFormSet`, prefix "t"): one row per item pk, its agree count."""
    data = {"t-TOTAL_FORMS": len(agree), "t-INITIAL_FORMS": len(agree)}
    for n, (pk, count) in enumerate(agree.items()):
        data |= {f"t-{n}-item": pk, f"t-{n}-agree": count, f"t-{n}-disagree": 0, f"t-{n}-abstain": 0}
        data[f"t-{n}-invalid"] = 0
    return data


def test_tally_and_decision_pages(flow):
    org = flow.org
    dossier = dossier_for(flow)
    item = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a)
    to_council(flow, dossier)
    secretary = client_for(org.council_a)
    response = secretary.post(
        url("meeting", dossier),
        {
            "held_on": f"{timezone.localdate():%d/%m/%Y}",  # not before the submission (today)
            "place": "Hội trường",
            "presided_by": flow.members[0].pk,
            "attendees": [m.pk for m in flow.members],
        },
    )
    sitting = dossier.meetings.get()
    assert response.status_code == 302
    too_many = secretary.post(url("tally", dossier, sitting.pk), grid({item.pk: 10}), follow=True)
    assert "lớn hơn" in too_many.content.decode() and not item.tallies.exists()
    secretary.post(url("tally", dossier, sitting.pk), grid({item.pk: 9}))
    assert item.tallies.get().passed
    secretary.post(url("transition", dossier, "close_vote"))
    commander = client_for(org.commander)
    form = {
        "signed_on": f"{timezone.localdate():%d/%m/%Y}",  # not before the submission (today)
        "signer_title": "Chủ nhiệm",
        "signer_name": "Nguyễn Văn Bình",
        "signer_rank": "Đại tá",
        "idempotency_key": "page-key-1",
    }
    commander.post(url("decision_issue", dossier), form)
    commander.post(url("decision_issue", dossier), form)  # a double click
    assert DecisionIssue.objects.count() == 1
    page = commander.get(url("dossier_detail", dossier)).content.decode()
    assert "Quyết định số 1/QĐ-CCT" in page and "Đã có quyết định" in page
    issue = DecisionIssue.objects.get()
    docx = commander.get(url("document", dossier, "quyet-dinh") + f"?so={issue.pk}")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    minutes = commander.get(url("document", dossier, "bien-ban") + f"?so={sitting.pk}")
    assert minutes.status_code == 200
    _ = meeting  # the service helper is exercised in test_services


def test_the_decision_link_of_the_page_downloads_once_ids_pass_a_thousand(flow):
    """The link carries ?so=1601, not the grouped "1.601" that found no decision (CI broke on it)."""
    org = flow.org
    dossier = dossier_for(flow)
    item = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a)
    to_council(flow, dossier)
    services.tally_record(
        actor=org.council_a, meeting=meeting(flow, dossier), item=item, agree=9, disagree=0, abstain=0, invalid=0
    )
    services.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote")
    services.decision_issue(
        actor=org.commander, dossier=dossier, signed_on=timezone.localdate(), signer=SIGNER, idempotency_key="k-1601"
    )
    DecisionIssue.objects.update(id=1601)
    page = client_for(flow.org.commander).get(url("dossier_detail", dossier)).content.decode()
    href = re.search(r'href="([^"]*quyet-dinh/\?so=[^"&]*)"', page).group(1)
    assert href.endswith("?so=1601")
    docx = client_for(flow.org.commander).get(href)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_an_administrator_replaces_a_template_from_the_page_and_it_is_audited(
    flow, tmp_path, settings, django_capture_on_commit_callbacks
):
    import io

    from docx import Document

    from tdkt.audit.models import AuditEvent

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    page = reverse("nominations:templates")
    default = client_for(flow.org.officer_a).get(page + "?tai=quyet_dinh")
    assert default.status_code == 200 and default.content[:2] == b"PK"
    custom = Document()
    custom.add_paragraph("QUYẾT ĐỊNH RIÊNG {{ number }}")
    buffer = io.BytesIO()
    custom.save(buffer)
    upload = SimpleUploadedFile("mau.docx", buffer.getvalue())
    refused = client_for(flow.org.officer_a).post(page, {"name": "quyet_dinh", "file": upload})
    assert refused.status_code == 403 and "Chỉ quản trị" in refused.content.decode()  # the 403 page, not a flash
    assert not AuditEvent.objects.filter(action="nominations.template.replaced").exists()
    assert not (tmp_path / "mau-van-ban" / "quyet_dinh.docx").exists()
    upload.seek(0)
    with django_capture_on_commit_callbacks(execute=True):  # the file is swapped in once the record commits
        client_for(flow.org.admin).post(page, {"name": "quyet_dinh", "file": upload})
    assert (tmp_path / "mau-van-ban" / "quyet_dinh.docx").read_bytes() == buffer.getvalue()
    assert AuditEvent.objects.filter(action="nominations.template.replaced").exists()
    exe = SimpleUploadedFile("mau.docx", b"MZ" + b"\x00" * 50)
    response = client_for(flow.org.admin).post(page, {"name": "quyet_dinh", "file": exe}, follow=True)
    assert "không phải tệp" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(flow.org.admin).post(page, {"name": "quyet_dinh", "reset": "1"})
    assert not (tmp_path / "mau-van-ban" / "quyet_dinh.docx").exists()


def test_councils_page_creates_a_council_with_members(flow):
    client = client_for(flow.org.officer_b)
    client.post(
        reverse("nominations:councils"),
        {"unit": flow.org.b.pk, "name": "Hội đồng TĐKT Cục Hậu cần", "term_start": "01/01/2025"},
    )
    from tdkt.nominations.models import Council

    council = Council.objects.get(name="Hội đồng TĐKT Cục Hậu cần")
    client.post(
        reverse("nominations:councils"),
        {"council": council.pk, "full_name": "Trần Văn Tư", "role": "THU_KY", "username": "hoidong.a"},
    )
    member = council.members.get()
    assert member.user == flow.org.council_a and member.role == "THU_KY"
    page = client.get(reverse("nominations:councils")).content.decode()
    assert "Trần Văn Tư" in page and "Hội đồng TĐKT Cục Chính trị" not in page  # not in the remit of Cục Hậu cần
