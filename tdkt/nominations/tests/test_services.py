"""The nomination flow through its services: proposals, the transition table, tallies, decisions."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from tdkt.audit.models import AuditEvent
from tdkt.core.errors import DomainError
from tdkt.nominations import services
from tdkt.nominations.choices import DossierStatus, ItemStatus
from tdkt.nominations.models import DecisionIssue, Dossier, DossierEvent, DossierItem
from tdkt.nominations.tests.conftest import YEAR
from tdkt.records.models import Award

SIGNER = services.Signer(title="CHỦ NHIỆM", rank="Đại tá", name="Nguyễn Văn Bình")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def dossier_for(flow, **kw):
    return services.dossier_create(
        actor=flow.org.officer_a,
        unit=flow.org.a,
        year=YEAR,
        kind=kw.pop("kind", "THUONG_XUYEN"),
        title=kw.pop("title", "Đề nghị khen thưởng tổng kết năm 2025"),
    )


def to_council(flow, dossier):
    services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="submit")
    services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="receive")
    return services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="to_council")


def meeting(flow, dossier, present=None):
    attendees = flow.members if present is None else flow.members[:present]
    return services.meeting_create(
        actor=flow.org.council_a,
        dossier=dossier,
        held_on=timezone.localdate(),  # not before the submission (today)
        place="Hội trường Cục Chính trị",
        presided_by=flow.members[0],
        attendees=attendees,
    )


def test_a_dossier_goes_to_the_nearest_authority_and_keeps_the_verdict(flow):
    dossier = dossier_for(flow)
    assert dossier.authority == flow.cct and dossier.status == DossierStatus.NHAP
    item = services.item_add(
        actor=flow.org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=flow.org.person_a
    )
    assert item.eligibility_status == "ELIGIBLE"
    snap = item.eligibility_snapshot
    assert snap["rule_set"] == "luat-2022" and snap["verdict"]["award_code"] == "CSTT"
    assert all(r["source"] for r in snap["verdict"]["reasons"])
    assert snap["facts"]["ratings"] == {"2025": "HTXSNV"} and snap["facts"]["service_start"] == "2010-09-01"
    assert len(snap["rule_set_version"]) == 64


def test_the_same_achievement_cannot_be_proposed_twice(flow):
    first, second = dossier_for(flow), dossier_for(flow, title="Hồ sơ thứ hai")
    services.item_add(actor=flow.org.officer_a, dossier=first, entry=flow.entry("CSTT"), person=flow.org.person_a)
    with pytest.raises(ValidationError, match="đã được đề nghị"):
        services.item_add(actor=flow.org.officer_a, dossier=second, entry=flow.entry("CSTT"), person=flow.org.person_a)
    assert second.items.count() == 0
    # ad-hoc commendations reward a deed: a different deed is a different achievement
    adhoc = dossier_for(flow, kind="DOT_XUAT", title="Đột xuất")
    services.item_add(
        actor=flow.org.officer_a,
        dossier=adhoc,
        entry=flow.entry("GK"),
        person=flow.org.person_a,
        achievement="Cứu người bị đuối nước",
    )
    services.item_add(
        actor=flow.org.officer_a,
        dossier=adhoc,
        entry=flow.entry("GK"),
        person=flow.org.person_a,
        achievement="Phòng chống cháy rừng",
    )
    with pytest.raises(ValidationError):
        services.item_add(
            actor=flow.org.officer_a,
            dossier=adhoc,
            entry=flow.entry("GK"),
            person=flow.org.person_a,
            achievement="cứu người bị  đuối nước",
        )


def test_items_outside_the_unit_or_of_the_wrong_kind_are_refused(flow):
    dossier = dossier_for(flow)
    with pytest.raises(ValidationError, match="Không tìm thấy cá nhân hoặc đơn vị"):  # outside the remit: unnamed
        services.item_add(actor=flow.org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=flow.org.person_b)
    with pytest.raises(ValidationError, match="không dành cho"):
        services.item_add(actor=flow.org.officer_a, dossier=dossier, entry=flow.entry("DVQT"), person=flow.org.person_a)
    with pytest.raises(Http404):  # an officer of Cục Hậu cần cannot even see the dossier
        services.item_add(actor=flow.org.officer_b, dossier=dossier, entry=flow.entry("CSTT"), person=flow.org.person_a)
    assert dossier.items.count() == 0
    # outside the dossier's unit but within the actor's remit: the actor may see the person, so it is named
    lower = services.dossier_create(
        actor=flow.org.officer_a, unit=flow.org.a1, year=YEAR, kind="THUONG_XUYEN", title="Hồ sơ Phòng Tuyên huấn"
    )
    with pytest.raises(ValidationError, match=re.escape(f"{flow.org.person_a} không thuộc {flow.org.a1.name}")):
        services.item_add(actor=flow.org.officer_a, dossier=lower, entry=flow.entry("CSTT"), person=flow.org.person_a)
    assert lower.items.count() == 0


def test_a_not_eligible_item_needs_a_justification_before_submission(flow):
    dossier = dossier_for(flow)
    item = services.item_add(
        actor=flow.org.officer_a, dossier=dossier, entry=flow.entry("CSTDTQUAN"), person=flow.org.person_a
    )
    assert item.eligibility_status == "NOT_ELIGIBLE"
    with pytest.raises(DomainError, match="giải trình"):
        services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="submit")
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.NHAP
    services.item_update(actor=flow.org.officer_a, item=item, justification="Thành tích đặc biệt xuất sắc.")
    dossier = services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="submit")
    assert dossier.status == DossierStatus.DA_GUI and dossier.submission_number == "1/TTr-CCT"


def test_bulk_add_from_the_screening(flow):
    dossier = dossier_for(flow)
    result = services.items_add_from_screening(actor=flow.org.officer_a, dossier=dossier, award_code="CSTT")
    proposed = set(dossier.items.values_list("person__code", flat=True))
    assert result.added == 3 and proposed == {"P-A", "P-A1", "P-A11"}
    assert set(dossier.items.values_list("eligibility_status", flat=True)) == {"ELIGIBLE"}
    again = services.items_add_from_screening(actor=flow.org.officer_a, dossier=dossier, award_code="CSTT")
    assert (again.added, again.skipped) == (0, 3)


def test_illegal_transitions_are_refused_and_change_nothing(flow):
    dossier = dossier_for(flow)
    services.item_add(actor=flow.org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=flow.org.person_a)
    events, audit = DossierEvent.objects.count(), AuditEvent.objects.count()
    with pytest.raises(DomainError, match="Không thể"):
        services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="to_council")
    with pytest.raises(DomainError, match="Thao tác không hợp lệ"):
        services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="publish")
    with pytest.raises(PermissionDenied):  # a viewer sees it but may not move it
        services.dossier_transition(actor=flow.org.viewer_a, dossier=dossier, action="submit")
    with pytest.raises(ValidationError, match="lý do"):
        services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="withdraw")
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.NHAP
    assert (DossierEvent.objects.count(), AuditEvent.objects.count()) == (events, audit)


def test_the_yearly_flow_from_proposal_to_awards_in_the_history(flow):
    org = flow.org
    dossier = dossier_for(flow)
    items = [
        services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=p)
        for p in (org.person_a, org.person_a11)
    ]
    to_council(flow, dossier)
    sitting = meeting(flow, dossier)
    passed = services.tally_record(
        actor=org.council_a, meeting=sitting, item=items[0], agree=8, disagree=1, abstain=0, invalid=0
    )
    failed = services.tally_record(
        actor=org.council_a, meeting=sitting, item=items[1], agree=4, disagree=5, abstain=0, invalid=0
    )
    assert passed.passed and not failed.passed
    assert DossierItem.objects.get(pk=items[1].pk).status == ItemStatus.KHONG_DAT
    services.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote")
    issue = services.decision_issue(
        actor=org.commander, dossier=dossier, signed_on=timezone.localdate(), signer=SIGNER, idempotency_key="k-1"
    )
    assert issue.decision.number == "1/QĐ-CCT" and issue.sequence == 1
    award = Award.objects.get(decision=issue.decision)
    assert award.person == org.person_a and award.entry.code == "CSTT" and award.year == YEAR
    assert DossierItem.objects.get(pk=items[0].pk).award == award
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DA_QUYET_DINH
    steps = list(dossier.events.values_list("action", flat=True))
    assert steps == ["submit", "receive", "to_council", "close_vote", "decide"]
    # a repeated request (double click, retry) returns the same decision
    again = services.decision_issue(
        actor=org.commander, dossier=dossier, signed_on=timezone.localdate(), signer=SIGNER, idempotency_key="k-1"
    )
    assert (
        again.pk == issue.pk
        and DecisionIssue.objects.count() == 1
        and Award.objects.filter(decision=issue.decision).count() == 1
    )


def test_tallies_that_cannot_be_right_are_refused(flow):
    org = flow.org
    dossier = dossier_for(flow)
    item = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a)
    to_council(flow, dossier)
    full = meeting(flow, dossier)
    with pytest.raises(ValidationError, match="lớn hơn"):
        services.tally_record(actor=org.council_a, meeting=full, item=item, agree=9, disagree=1, abstain=0, invalid=0)
    thin = meeting(flow, dossier, present=5)  # 5 of 9: no quorum (2/3)
    with pytest.raises(ValidationError, match="Không đủ số thành viên"):
        services.tally_record(actor=org.council_a, meeting=thin, item=item, agree=5, disagree=0, abstain=0, invalid=0)
    with pytest.raises(PermissionDenied):
        services.tally_record(actor=org.officer_a, meeting=full, item=item, agree=5, disagree=0, abstain=0, invalid=0)
    assert not item.tallies.exists() and DossierItem.objects.get(pk=item.pk).status == ItemStatus.DE_NGHI


def test_a_member_who_is_the_nominee_is_recused(flow):
    org = flow.org
    dossier = dossier_for(flow)
    item = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a1)
    to_council(flow, dossier)
    sitting = meeting(flow, dossier)
    with pytest.raises(ValidationError, match="lớn hơn số thành viên được biểu quyết"):  # 9 ballots, 8 voters
        services.tally_record(
            actor=org.council_a, meeting=sitting, item=item, agree=9, disagree=0, abstain=0, invalid=0
        )
    tally = services.tally_record(
        actor=org.council_a, meeting=sitting, item=item, agree=5, disagree=3, abstain=0, invalid=0
    )
    assert tally.base == 8 and tally.passed  # 5/8 > 50 % of the members who may vote
    assert list(tally.recused.all()) == [flow.members[3]]


def test_a_khen_cao_item_is_forwarded_up_the_chain(flow):
    org = flow.org
    dossier = dossier_for(flow, kind="KHEN_CAO", title="Đề nghị Bằng khen Bộ trưởng")
    item = services.item_add(
        actor=org.officer_a,
        dossier=dossier,
        entry=flow.entry("BK_BQP"),
        person=org.person_a,
        justification="Hai năm liền hoàn thành xuất sắc nhiệm vụ.",
    )
    to_council(flow, dossier)
    services.tally_record(
        actor=org.council_a, meeting=meeting(flow, dossier), item=item, agree=9, disagree=0, abstain=0, invalid=0
    )
    services.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote")
    with pytest.raises(DomainError, match="thẩm quyền"):  # Cục Chính trị cannot award a Bằng khen of the Minister
        services.decision_issue(
            actor=org.commander, dossier=dossier, signed_on=timezone.localdate(), signer=SIGNER, idempotency_key="k-2"
        )
    dossier = services.dossier_transition(actor=org.officer_a, dossier=dossier, action="forward")
    assert dossier.authority == flow.btl and dossier.status == DossierStatus.DA_GUI
    assert DossierItem.objects.get(pk=item.pk).status == ItemStatus.DE_NGHI
    # at the Military Region: reviewed item by item, then forwarded again to the Ministry
    services.dossier_transition(actor=org.admin, dossier=dossier, action="receive")
    services.item_review(actor=org.admin, item=item, action="forward")
    dossier = services.dossier_transition(actor=org.admin, dossier=dossier, action="forward")
    assert dossier.authority == flow.bqp
    where = [(e.action, e.authority.code) for e in dossier.events.select_related("authority")]
    assert where[-2:] == [("receive", "BTL"), ("forward", "BQP")]


def test_returned_with_a_reason_then_revised(flow):
    org = flow.org
    dossier = dossier_for(flow)
    services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a)
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="submit")
    returned = services.dossier_transition(  # by Cục Chính trị, the level holding it (not the Military Region)
        actor=org.officer_a, dossier=dossier, action="return", reason="Thiếu báo cáo thành tích"
    )
    assert returned.status == DossierStatus.TRA_LAI
    assert returned.events.last().reason == "Thiếu báo cáo thành tích"
    assert services.dossier_transition(actor=org.officer_a, dossier=dossier, action="revise").status == "NHAP"


def test_attachments_are_checked_by_content(flow):
    dossier = dossier_for(flow)
    ok = services.attachment_add(
        actor=flow.org.officer_a,
        dossier=dossier,
        upload=SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf"),
    )
    assert ok.content_type == "application/pdf" and len(ok.sha256) == 64
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, content_type="application/pdf")
    with pytest.raises(ValidationError, match="không phải tệp PDF"):
        services.attachment_add(actor=flow.org.officer_a, dossier=dossier, upload=fake)
    assert dossier.attachments.count() == 1


def test_a_revocation_decision_annuls_the_listed_awards(flow):
    org = flow.org
    award = Award.objects.filter(person=org.person_a).first()
    issue = services.revocation_issue(
        actor=org.commander,
        authority=flow.cct,
        awards=[award],
        reason="Khai man",
        signed_on=date(2025, 12, 1),
        signer=SIGNER,
        idempotency_key="r-1",
    )
    award.refresh_from_db()
    assert award.is_revoked and award.revoked_by == issue.decision and issue.decision.is_revocation
    assert award.revocation_reason == "Khai man"


def test_numbers_are_gap_free_when_an_issue_rolls_back(flow):
    from django.db import transaction

    for i in range(5):
        try:
            with transaction.atomic():
                services.decision_create_plain(
                    actor=flow.org.commander,
                    authority=flow.cct,
                    signed_on=date(2025, 11, 1),
                    signer=SIGNER,
                    idempotency_key=f"n-{i}",
                    title="Thử",
                )
                if i % 2:
                    raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    numbers = sorted(DecisionIssue.objects.filter(authority=flow.cct).values_list("sequence", flat=True))
    assert numbers == [1, 2, 3]


def test_authorities_saved_in_the_admin_are_audited(flow, rf):
    from django.contrib.admin.sites import AdminSite

    from tdkt.nominations.admin import AuthorityAdmin
    from tdkt.nominations.models import Authority

    request = rf.post("/")
    request.user = flow.org.admin
    model_admin = AuthorityAdmin(Authority, AdminSite())
    flow.chc.place = "Quảng Nam"
    model_admin.save_model(request, flow.chc, form=None, change=True)
    event = AuditEvent.objects.filter(action="nominations.authority.updated").latest("seq")
    assert event.before["place"] == "Đà Nẵng" and event.after["place"] == "Quảng Nam"
    assert not model_admin.has_delete_permission(request, flow.chc)
