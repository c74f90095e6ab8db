"""The council decides (issue #15, item 4) and the dossier's dates keep their order (item 6)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tdkt.audit.models import AuditEvent
from tdkt.core.errors import DomainError
from tdkt.eligibility.rulesets import rule_set_named
from tdkt.nominations import services
from tdkt.nominations.choices import DossierStatus, ItemStatus
from tdkt.nominations.documents import contexts
from tdkt.nominations.models import DecisionIssue, Dossier, DossierItem, Meeting, Tally
from tdkt.nominations.tests.test_documents import read, texts
from tdkt.nominations.tests.test_services import SIGNER, dossier_for, meeting
from tdkt.org.tests.factories import client_for
from tdkt.records.models import Award, Decision
from tdkt.rules.votes import parse_vote_rule

RULE = {"threshold": 0.5, "base": "ALL_MEMBERS", "quorum": "2/3", "text": "t", "source": "s", "label": "H"}


def rows_now():
    return (
        Award.objects.count(),
        Decision.objects.count(),
        DecisionIssue.objects.count(),
        list(DossierItem.objects.order_by("pk").values_list("status", "award_id")),
        list(Dossier.objects.order_by("pk").values_list("status", flat=True)),
        AuditEvent.objects.count(),
    )


def test_a_vote_rule_says_whether_the_council_must_vote_and_the_default_is_that_it_must(db):
    assert parse_vote_rule(RULE).required is True
    assert parse_vote_rule({**RULE, "required": False}).required is False
    with pytest.raises(ValueError, match="required"):
        parse_vote_rule({**RULE, "required": "no"})
    for name in ("luat-2003", "luat-2022"):
        rules = rule_set_named(name)
        for code in ("CSTDCS", "CSTDTQUAN", "CSTDTQUOC", "BK_BQP", "A_CODE_NOBODY_LISTED"):
            assert rules.vote_rule(code).required, (name, code)
        for code in ("CSTT", "LDTT", "HC_QKQT", "HCCSVV3"):
            rule = rules.vote_rule(code)
            assert not rule.required and rule.source and rule.label in ("H", "U"), (name, code)


def proposals(flow):
    """CSTĐCS for two people, approved at review before the council; a CSTT for a third, approved likewise."""
    org = flow.org
    dossier = dossier_for(flow)
    cstdcs = [
        services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTDCS"), person=p)
        for p in (org.person_a, org.person_a11)
    ]
    cstt = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a1)
    for item in (*cstdcs, cstt):
        services.item_update(actor=org.officer_a, item=item, justification="Thành tích xuất sắc năm 2025.")
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="submit")
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="receive")
    for item in (*cstdcs, cstt):
        services.item_review(actor=org.officer_a, item=item, action="approve")
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="to_council")
    return dossier, cstdcs, cstt


def test_approval_at_review_is_not_the_vote_the_council_still_votes_and_closes_only_then(flow):
    org = flow.org
    dossier, (first, second), cstt = proposals(flow)
    sitting = meeting(flow, dossier)
    with pytest.raises(DomainError, match="không cần hội đồng biểu quyết"):
        services.tally_record(
            actor=org.council_a, meeting=sitting, item=cstt, agree=9, disagree=0, abstain=0, invalid=0
        )
    services.tally_record(actor=org.council_a, meeting=sitting, item=first, agree=9, disagree=0, abstain=0, invalid=0)
    before = rows_now()
    with pytest.raises(DomainError, match=r"Còn 1 đề nghị chưa có kết quả kiểm phiếu: Lê Anh Tuấn \(Chiến sĩ thi đua"):
        services.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote")
    assert rows_now() == before
    services.tally_record(actor=org.council_a, meeting=sitting, item=second, agree=3, disagree=6, abstain=0, invalid=0)
    second.refresh_from_db()
    assert second.status == ItemStatus.KHONG_DAT  # the council's vote outweighs the review's approval
    with pytest.raises(DomainError, match="đã có kết quả kiểm phiếu"):
        services.tally_record(
            actor=org.council_a, meeting=sitting, item=first, agree=9, disagree=0, abstain=0, invalid=0
        )
    services.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote")
    issue = services.decision_issue(
        actor=org.commander, dossier=dossier, signed_on=timezone.localdate(), signer=SIGNER, idempotency_key="v-1"
    )
    awarded = {(a.person_id, a.entry.code) for a in Award.objects.filter(decision=issue.decision)}
    assert awarded == {(org.person_a.pk, "CSTDCS"), (org.person_a1.pk, "CSTT")}  # CSTT follows its approval


def test_a_decision_is_refused_for_items_needing_the_vote_that_have_none_naming_them_all(flow):
    org = flow.org
    dossier, (first, second), cstt = proposals(flow)
    meeting(flow, dossier)
    # a dossier closed before this rule existed: approved at review, closed with no ballot on its CSTĐCS
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.DA_XET)
    before = rows_now()
    with pytest.raises(DomainError) as refused:
        services.decision_issue(
            actor=org.commander, dossier=dossier, signed_on=timezone.localdate(), signer=SIGNER, idempotency_key="v-2"
        )
    message = str(refused.value)
    assert "Chưa có kết quả kiểm phiếu đạt của hội đồng Cục Chính trị cho 2 đề nghị" in message
    assert "Đặng Văn Đức (Chiến sĩ thi đua cơ sở); Lê Anh Tuấn (Chiến sĩ thi đua cơ sở)" in message
    assert "Bùi Thị Hồng" not in message  # her CSTT needs no vote
    assert rows_now() == before


def test_the_minutes_list_every_item_voted_and_not_voted_with_why(flow):
    org = flow.org
    dossier = dossier_for(flow)
    voted = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a)
    pending = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTDCS"), person=org.person_a11)
    approved = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a1)
    gone = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTDCS"), person=org.person_a1)
    services.item_withdraw(actor=org.officer_a, item=gone, reason="Chuyển công tác")
    services.item_update(actor=org.officer_a, item=pending, justification="Thành tích xuất sắc năm 2025.")
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="submit")
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="receive")
    services.item_review(actor=org.officer_a, item=approved, action="approve")
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="to_council")
    sitting = meeting(flow, dossier)
    services.tally_record(actor=org.council_a, meeting=sitting, item=voted, agree=8, disagree=1, abstain=0, invalid=0)
    lines = texts(read(contexts.minutes_document(sitting)[1]))
    assert "Đặng Văn Đức" in lines and "Đạt (88,9%)" in lines  # the tally table
    assert "Các đề nghị không biểu quyết tại cuộc họp này, và lý do:" in lines
    assert "- Lê Anh Tuấn — Chiến sĩ thi đua cơ sở: chưa biểu quyết;" in lines
    cstt_line = next(t for t in lines if t.startswith("- Bùi Thị Hồng — Chiến sĩ tiên tiến: không cần biểu quyết — "))
    assert "[U]" in cstt_line or "[H]" in cstt_line
    assert "- Bùi Thị Hồng — Chiến sĩ thi đua cơ sở: đã rút (Chuyển công tác);" in lines
    services.tally_record(actor=org.council_a, meeting=sitting, item=pending, agree=2, disagree=7, abstain=0, invalid=0)
    lines = texts(read(contexts.minutes_document(sitting)[1]))
    assert "Không đạt (22,2%)" in lines and not any(t.startswith("- Lê Anh Tuấn") for t in lines)


def test_receipt_is_stored_and_dates_keep_their_order(flow):
    org = flow.org
    today = timezone.localdate()
    dossier = dossier_for(flow)
    item = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a)
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="submit")
    Dossier.objects.filter(pk=dossier.pk).update(submitted_on=today - timedelta(days=10))  # sent ten days ago
    dossier = services.dossier_transition(actor=org.officer_a, dossier=dossier, action="receive")
    assert Dossier.objects.get(pk=dossier.pk).received_on == today
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="to_council")
    with pytest.raises(ValidationError, match=f"trước ngày tiếp nhận hồ sơ \\({today:%d/%m/%Y}\\)"):
        services.meeting_create(
            actor=org.council_a,
            dossier=dossier,
            held_on=today - timedelta(days=3),  # after the submission, before the receipt
            place="Hội trường",
            presided_by=flow.members[0],
            attendees=flow.members,
        )
    assert not Meeting.objects.exists()
    sitting = meeting(flow, dossier)
    services.tally_record(actor=org.council_a, meeting=sitting, item=item, agree=9, disagree=0, abstain=0, invalid=0)
    services.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote")
    before = rows_now()
    with pytest.raises(ValidationError, match="trước ngày tiếp nhận hồ sơ"):
        services.decision_issue(
            actor=org.commander,
            dossier=dossier,
            signed_on=today - timedelta(days=1),
            signer=SIGNER,
            idempotency_key="d",
        )
    # with no recorded submission or receipt (older data), a decision signed before the achievement year
    Dossier.objects.filter(pk=dossier.pk).update(submitted_on=None, received_on=None)
    with pytest.raises(ValidationError, match="Quyết định ký năm 2024, trước năm thành tích 2025"):
        services.decision_issue(
            actor=org.commander, dossier=dossier, signed_on=date(2024, 12, 31), signer=SIGNER, idempotency_key="e"
        )
    assert rows_now() == before
    assert not Tally.objects.exclude(item=item).exists()


def test_an_item_needing_no_vote_does_not_hold_the_vote_up_and_is_approved_after_it(flow):
    """A niên hạn medal or a CSTT sent to the council unreviewed: closing the vote does not wait for it (the review
    showed a niên hạn dossier of 435 medals stuck on "Còn 434 đề nghị chưa có kết quả kiểm phiếu")."""
    org = flow.org
    dossier = dossier_for(flow)
    cstdcs = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTDCS"), person=org.person_a)
    cstt = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a1)
    for item in (cstdcs, cstt):
        services.item_update(actor=org.officer_a, item=item, justification="Thành tích xuất sắc năm 2025.")
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="submit")
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="receive")
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="to_council")
    sitting = meeting(flow, dossier)
    page = client_for(org.council_a).get(reverse("nominations:tally", args=[dossier.pk, sitting.pk])).content.decode()
    assert page.count('data-testid="no-vote-needed"') == 1  # the CSTT row says so, and may still be voted
    with pytest.raises(DomainError, match=r"Còn 1 đề nghị chưa có kết quả kiểm phiếu: .*Chiến sĩ thi đua cơ sở"):
        services.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote")
    services.tally_record(actor=org.council_a, meeting=sitting, item=cstdcs, agree=9, disagree=0, abstain=0, invalid=0)
    services.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote")
    cstt.refresh_from_db()
    assert cstt.status == ItemStatus.DE_NGHI  # left for the reviewer, not decided by the closing
    services.item_review(actor=org.officer_a, item=cstt, action="approve")
    issue = services.decision_issue(
        actor=org.commander, dossier=dossier, signed_on=timezone.localdate(), signer=SIGNER, idempotency_key="nv-1"
    )
    awarded = {(a.person_id, a.entry.code) for a in Award.objects.filter(decision=issue.decision)}
    assert awarded == {(org.person_a.pk, "CSTDCS"), (org.person_a1.pk, "CSTT")}
