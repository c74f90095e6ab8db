"""Issue #14, findings 3 and 8: decision numbers cannot be squatted across agencies; revocation and signing
respect authority and dates. Each refusal is checked by its effect: the rows are unchanged."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from tdkt.audit.models import AuditEvent
from tdkt.nominations import services
from tdkt.nominations.choices import DossierStatus
from tdkt.nominations.models import DecisionIssue, Meeting, NumberCounter
from tdkt.nominations.tests.test_services import SIGNER, dossier_for, meeting, to_council
from tdkt.records import services as records
from tdkt.records.choices import AwardStatus, DecisionOrigin
from tdkt.records.models import Award, Decision


def _state() -> tuple:
    """What a refused write must leave as it was."""
    return (
        sorted(Award.objects.values_list("id", "decision_id", "status", "revoked_by_id")),
        sorted(Decision.objects.values_list("id", "number", "year", "issuer", "origin")),
        sorted(DecisionIssue.objects.values_list("id", "sequence")),
        sorted(NumberCounter.objects.values_list("authority_id", "year", "series", "last")),
    )


def _voted(flow):
    """A CCT dossier voted today: CSTT for person_a passed."""
    org = flow.org
    dossier = dossier_for(flow)
    item = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a)
    to_council(flow, dossier)
    sitting = meeting(flow, dossier)
    services.tally_record(actor=org.council_a, meeting=sitting, item=item, agree=9, disagree=0, abstain=0, invalid=0)
    return services.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote")


def _issued(flow) -> DecisionIssue:
    today = timezone.localdate()
    return services.decision_issue(
        actor=flow.org.commander, dossier=_voted(flow), signed_on=today, signer=SIGNER, idempotency_key="cct-1"
    )


def _plain(flow, authority, key: str) -> DecisionIssue:
    return services.decision_create_plain(
        actor=flow.org.commander,
        authority=authority,
        signed_on=timezone.localdate(),
        signer=SIGNER,
        idempotency_key=key,
        title="Quyết định thử",
    )


# --- finding 3: numbers are not squatted ---------------------------------------------------------------------


@pytest.mark.parametrize("issuer", ["Cục Chính trị", "Bộ Tham mưu", "cục chính trị"])
@pytest.mark.parametrize("number", ["1/QĐ-CCT", "2/QĐ-CCT", " 02 / qđ-cct "])
def test_a_foreign_award_neither_joins_a_tdkt_decision_nor_takes_the_next_number(flow, issuer, number):
    org, issue = flow.org, _issued(flow)
    assert issue.decision.number == "1/QĐ-CCT" and issue.decision.origin == DecisionOrigin.ISSUED
    cct_awards = list(issue.decision.awards.values_list("id", "person_id", "status"))
    before = _state()
    with pytest.raises(ValidationError) as refused:
        records.award_record(
            actor=org.officer_b,
            person=org.person_b,
            entry=flow.entry("GK"),
            year=timezone.localdate().year,
            decision_number=number,
            decision_date=timezone.localdate(),
            issuer=issuer,
        )
    assert "dãy số quyết định do hệ thống cấp cho Cục Chính trị" in refused.value.message_dict["decision_number"][0]
    assert _state() == before
    assert list(issue.decision.awards.values_list("id", "person_id", "status")) == cct_awards
    # the next Cục Chính trị signature still gets the next number
    assert _plain(flow, flow.cct, "cct-2").decision.number == "2/QĐ-CCT"


def test_a_recorded_decision_names_its_issuer_and_is_told_apart_by_it(flow):
    org = flow.org
    with pytest.raises(ValidationError) as refused:
        records.award_record(
            actor=org.officer_a, person=org.person_a, entry=flow.entry("GK"), year=2019, decision_number="16/QĐ-CT"
        )
    assert "Phải ghi cơ quan ban hành" in refused.value.message_dict["issuer"][0]
    assert not Award.objects.filter(entry__code="GK").exists()
    # Before tdkt numbered Cục Chính trị, its paper numbers are recorded; the same number of another body in the
    # same year is another decision.
    ours = records.award_record(
        actor=org.officer_a,
        person=org.person_a,
        entry=flow.entry("GK"),
        year=2019,
        decision_number="16/QĐ-CCT",
        decision_date=date(2020, 1, 10),
        issuer="Cục Chính trị",
    )
    theirs = records.award_record(
        actor=org.officer_b,
        person=org.person_b,
        entry=flow.entry("GK"),
        year=2019,
        decision_number="16/QĐ-CCT",
        decision_date=date(2020, 2, 1),
        issuer="Cục Hậu cần",
    )
    assert ours.decision_id != theirs.decision_id
    assert {ours.decision.origin, theirs.decision.origin} == {DecisionOrigin.RECORDED}
    assert ours.decision.issuer_unit_id is None


def test_the_attack_through_the_api_is_refused_and_changes_nothing(flow):
    org, issue = flow.org, _issued(flow)
    before = _state()
    client = APIClient()
    client.force_authenticate(org.officer_b)
    response = client.post(
        "/api/v1/awards/",
        {
            "person": org.person_b.pk,
            "entry": "GK",
            "year": timezone.localdate().year,
            "decision_number": "2/QĐ-CCT",
            "decision_date": timezone.localdate().isoformat(),
            "issuer": "Bộ Tham mưu",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "dãy số quyết định do hệ thống cấp" in response.json()["errors"][0]["detail"]
    assert _state() == before and issue.decision.awards.count() == 1
    assert _plain(flow, flow.cct, "cct-2").decision.number == "2/QĐ-CCT"


# --- finding 8: revocation and signing respect authority and dates ---------------------------------------------


def test_signing_cannot_be_dated_before_the_submission_or_after_today(flow):
    dossier, today = _voted(flow), timezone.localdate()
    before = _state()
    for signed_on in (date(1990, 1, 1), today - timedelta(days=1), today + timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            services.decision_issue(
                actor=flow.org.commander, dossier=dossier, signed_on=signed_on, signer=SIGNER, idempotency_key="k"
            )
        assert "signed_on" in refused.value.message_dict
    assert _state() == before
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DA_XET
    issue = services.decision_issue(
        actor=flow.org.commander, dossier=dossier, signed_on=today, signer=SIGNER, idempotency_key="k"
    )
    assert issue.decision.number == "1/QĐ-CCT" and issue.decision.awards.count() == 1


def test_a_meeting_cannot_be_held_before_the_submission_or_after_today(flow):
    org = flow.org
    dossier = dossier_for(flow)
    services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a)
    to_council(flow, dossier)
    dossier.refresh_from_db()
    submitted, today = dossier.submitted_on, timezone.localdate()
    assert submitted == today
    events = AuditEvent.objects.count()
    # within the council's term (from 2024-01-01), so only the order of the dates is wrong
    for held_on in (date(2024, 12, 20), submitted - timedelta(days=1), today + timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            services.meeting_create(
                actor=org.council_a,
                dossier=dossier,
                held_on=held_on,
                place="Hội trường Cục Chính trị",
                presided_by=flow.members[0],
                attendees=flow.members,
            )
        assert list(refused.value.message_dict) == ["held_on"]
        if held_on < submitted:
            assert refused.value.message_dict["held_on"] == [
                f"Ngày họp không được trước ngày trình hồ sơ ({submitted:%d/%m/%Y})."
            ]
    assert not Meeting.objects.exists() and not dossier.meetings.exists()
    assert AuditEvent.objects.count() == events
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.BIEU_QUYET
    # on the day of the submission it is recorded
    assert meeting(flow, dossier).held_on == submitted and Meeting.objects.count() == 1


def test_a_commander_cannot_revoke_another_agencys_or_a_state_award_under_his_authority(flow):
    org, today = flow.org, timezone.localdate()
    foreign = records.award_record(
        actor=org.officer_b, person=org.person_b, entry=flow.entry("GK"), year=2024,
        decision_number="7/QĐ-CHC", decision_date=date(2025, 1, 5), issuer="Cục Hậu cần",
    )  # fmt: skip
    state_level = records.award_record(
        actor=org.admin, person=org.person_a, entry=flow.entry("HCLD3"), year=2024,
        decision_number="120/QĐ-CTN", decision_date=date(2025, 2, 1), issuer="Chủ tịch nước",
    )  # fmt: skip
    before = _state()
    for award, why in ((foreign, "không thuộc phạm vi của Cục Chính trị"), (state_level, "không có thẩm quyền")):
        with pytest.raises(ValidationError) as refused:
            services.revocation_issue(
                actor=org.commander, authority=flow.cct, awards=[award], reason="Sai", signed_on=today,
                signer=SIGNER, idempotency_key=f"rev-{award.pk}",
            )  # fmt: skip
        assert why in refused.value.message_dict["awards"][0]
    # Recording a revocation "by" the local authority is refused too; the state's own decision is recorded.
    with pytest.raises(ValidationError) as refused:
        records.award_revoke(
            actor=org.officer_a, award=state_level, decision_number="9/QĐ-HUY", decision_date=today,
            issuer="Cục Chính trị", reason="Sai",
        )  # fmt: skip
    assert "phải có quyết định của cơ quan có thẩm quyền" in refused.value.message_dict["issuer"][0]
    assert _state() == before
    records.award_revoke(
        actor=org.officer_a, award=state_level, decision_number="15/QĐ-CTN", decision_date=today,
        issuer="Chủ tịch nước", reason="Kê khai không trung thực",
    )  # fmt: skip
    assert Award.objects.get(pk=state_level.pk).status == AwardStatus.DA_HUY
    assert Award.objects.get(pk=foreign.pk).status == AwardStatus.HIEU_LUC


def test_a_tdkt_award_is_revoked_by_its_authority_or_one_above_and_not_before_its_decision(flow):
    org, issue = flow.org, _issued(flow)
    award, today = issue.decision.awards.get(), timezone.localdate()
    before = _state()
    with pytest.raises(ValidationError, match="không thuộc phạm vi của Cục Hậu cần"):  # a sibling authority
        services.revocation_issue(
            actor=org.commander, authority=flow.chc, awards=[award], reason="Sai", signed_on=today,
            signer=SIGNER, idempotency_key="rev-chc",
        )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        records.award_revoke(
            actor=org.officer_a, award=award, decision_number="3/HUY", decision_date=today - timedelta(days=400),
            issuer="Thủ trưởng đơn vị", reason="Sai",
        )  # fmt: skip
    assert "decision_date" in refused.value.message_dict
    assert _state() == before
    revocation = services.revocation_issue(
        actor=org.commander, authority=flow.btl, awards=[award], reason="Sai quy trình", signed_on=today,
        signer=SIGNER, idempotency_key="rev-btl",
    )  # fmt: skip
    assert revocation.decision.number == "1/QĐ-BTL" and revocation.decision.is_revocation
    assert Award.objects.get(pk=award.pk).revoked_by == revocation.decision


def test_an_award_decided_above_is_not_revoked_below(flow):
    org, today = flow.org, timezone.localdate()
    award = records.award_record(
        actor=org.admin, person=org.person_a, entry=flow.entry("GK"), year=2024,
        decision_number="5/QĐ-BTL", decision_date=date(2025, 1, 5), issuer="Bộ Tư lệnh Quân khu",
    )  # fmt: skip
    before = _state()
    with pytest.raises(ValidationError, match="Bộ Tư lệnh Quân khu quyết định: chỉ Bộ Tư lệnh Quân khu hoặc cấp trên"):
        services.revocation_issue(
            actor=org.commander, authority=flow.cct, awards=[award], reason="Sai", signed_on=today,
            signer=SIGNER, idempotency_key="rev-below",
        )  # fmt: skip
    assert _state() == before


def test_a_decision_dated_before_tdkt_numbered_the_authority_skips_the_numbers_recorded_on_paper(flow):
    """The attack re-run found an issued 11/QĐ-BTL 2023 beside the recorded paper 11/QĐ-BTL 2023: one identity,
    two decisions. A number a recorded decision of that authority and year holds is passed over."""
    org = flow.org
    award = records.award_record(
        actor=org.admin, person=org.person_a, entry=flow.entry("GK"), year=2024,
        decision_number="1/QĐ-BTL", decision_date=date(2025, 1, 5), issuer="Bộ Tư lệnh Quân khu",
    )  # fmt: skip
    revocation = services.revocation_issue(
        actor=org.commander, authority=flow.btl, awards=[award], reason="Sai quy trình", signed_on=date(2025, 3, 1),
        signer=SIGNER, idempotency_key="rev-paper",
    )  # fmt: skip
    assert revocation.decision.number == "2/QĐ-BTL"
    assert Decision.objects.filter(year=2025, number="1/QĐ-BTL").count() == 1
    assert NumberCounter.objects.get(authority=flow.btl, year=2025).last == 2
