"""Fair scoring (issue #16, item 7): a unit never reviews its own score, the hand-over reads the locked
ranking, and registrations are approved by the level above — its officer or its commander."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tdkt.audit.models import AuditEvent
from tdkt.emulation import scoring, services
from tdkt.emulation.models import ClusterLeadership, Registration, Score
from tdkt.emulation.tests.test_scoring import scored  # noqa: F401 (fixture)
from tdkt.emulation.tests.test_services import cluster  # noqa: F401 (fixture)
from tdkt.org.choices import Role
from tdkt.org.tests.factories import UserFactory
from tdkt.records.models import CatalogueEntry


@pytest.fixture
def officer_c(org):
    """The officer of Cục Kỹ thuật, the cluster's leader in 2022 (the `scored` round)."""
    return UserFactory(username="canbo.c", roles=[(org.c, Role.CAN_BO_TDKT)])


def _to_review(org, round_, training, officer_c):
    scoring.round_advance(actor=org.admin, round_=round_)  # self-scoring
    scoring.score_self(actor=officer_c, round_=round_, unit=org.c, criterion=training, points=30)
    scoring.score_self(actor=org.officer_a, round_=round_, unit=org.a, criterion=training, points=38)
    scoring.round_advance(actor=org.admin, round_=round_)  # review


def test_the_leader_never_reviews_its_own_score(org, cluster, scored, officer_c):  # noqa: F811
    round_, training, *_ = scored
    _to_review(org, round_, training, officer_c)
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied, match="không tự thẩm định"):  # 30 → 40 by its own officer
        scoring.score_review(actor=officer_c, round_=round_, unit=org.c, criterion=training, points=40)
    score = Score.objects.get(round=round_, unit=org.c, criterion=training)
    assert (score.self_points, score.review_points, score.points) == (Decimal(30), None, Decimal(30))
    assert AuditEvent.objects.count() == events
    # the leader reviews the other members, and the organiser's administrator reviews the leader
    scoring.score_review(actor=officer_c, round_=round_, unit=org.a, criterion=training, points=35, note="Thiếu")
    scoring.score_review(actor=org.admin, round_=round_, unit=org.c, criterion=training, points=28)
    assert Score.objects.get(round=round_, unit=org.c, criterion=training).review_points == Decimal(28)
    assert Score.objects.get(round=round_, unit=org.a, criterion=training).review_points == Decimal(35)


def test_nor_in_the_re_review(org, cluster, scored, officer_c):  # noqa: F811
    round_, training, *_ = scored
    _to_review(org, round_, training, officer_c)
    for _ in range(2):  # explanation, re-review
        scoring.round_advance(actor=org.admin, round_=round_)
    with pytest.raises(PermissionDenied):
        scoring.score_review(actor=officer_c, round_=round_, unit=org.c, criterion=training, points=40)
    score = Score.objects.get(round=round_, unit=org.c, criterion=training)
    assert (score.final_points, score.points) == (None, Decimal(30))


def test_the_hand_over_reads_the_locked_ranking(org, cluster, scored, officer_c):  # noqa: F811
    round_, training, *_ = scored
    _to_review(org, round_, training, officer_c)
    scoring.round_advance(actor=org.admin, round_=round_)  # explanation
    # Cục Hậu cần was not rated in 2022 (the fixture) and has no score yet: refused, as before
    with pytest.raises(ValidationError, match="chưa được xếp loại năm 2022"):
        services.cluster_handover(actor=org.admin, cluster=cluster, to_year=2023, to_unit=org.b, on=date(2022, 12, 28))
    round_.refresh_from_db()
    assert round_.status == "GIAI_TRINH"
    scoring.round_advance(actor=org.admin, round_=round_)  # re-review
    scoring.score_review(actor=org.admin, round_=round_, unit=org.b, criterion=training, points=20)
    # ranked, but the round is not locked yet: its ranking is not a classification
    with pytest.raises(ValidationError, match="kết quả chấm điểm đã khóa"):
        services.cluster_handover(actor=org.admin, cluster=cluster, to_year=2023, to_unit=org.b, on=date(2022, 12, 28))
    assert list(ClusterLeadership.objects.values_list("year", flat=True)) == [2022]
    locked = scoring.round_advance(actor=org.admin, round_=round_)
    assert [s.unit for s in scoring.ranking(locked)][:3] == [org.a, org.c, org.b]  # Cục Hậu cần third
    handed = services.cluster_handover(
        actor=org.admin, cluster=cluster, to_year=2023, to_unit=org.b, on=date(2022, 12, 28)
    )
    assert (handed.leader, handed.handed_over_by, handed.year) == (org.b, org.c, 2023)


# --- registrations: approved by the level above, its officer or its commander ----------------------------


@pytest.fixture
def cstt():
    return CatalogueEntry.objects.get(code="CSTT")


def _unchanged(registration):
    registration.refresh_from_db()
    return (registration.status, registration.reviewed_by, registration.reviewed_at) == ("DANG_KY", None, None)


def test_the_commander_above_approves(org, cstt):
    # Đặng Văn Đức is in Cục Chính trị: the level above is the Military Region, whose commander approves
    registration = services.registration_submit(actor=org.officer_a, entry=cstt, year=2025, person=org.person_a)
    services.registration_review(actor=org.commander, registration=registration, approve=True)
    registration.refresh_from_db()
    assert (registration.status, registration.reviewed_by) == ("DA_DUYET", org.commander)
    event = AuditEvent.objects.filter(action="emulation.registration.reviewed").get()
    assert event.actor_id == org.commander.pk and event.after["status"] == "DA_DUYET"


def test_the_officer_and_the_commander_of_the_parent_unit_approve(org, cstt):
    commander_a = UserFactory(username="chihuy.a", roles=[(org.a, Role.CHI_HUY)])
    first = services.registration_submit(actor=org.officer_a1, entry=cstt, year=2025, person=org.person_a1)
    unit_reg = services.registration_submit(
        actor=org.officer_a1, entry=CatalogueEntry.objects.get(code="DVTT"), year=2025, unit=org.a1
    )
    services.registration_review(actor=org.officer_a, registration=first, approve=True)  # Cục Chính trị's officer
    services.registration_review(actor=commander_a, registration=unit_reg, approve=False, reason="Chưa đạt chỉ tiêu")
    assert Registration.objects.get(pk=first.pk).status == "DA_DUYET"
    assert Registration.objects.get(pk=unit_reg.pk).status == "TRA_LAI"


@pytest.mark.parametrize(
    "actor,error",
    [
        ("officer_a1", PermissionDenied),  # the one who entered it
        ("viewer_a", PermissionDenied),  # sees it, may not approve
        ("council_a", PermissionDenied),  # a council member is not the approving level
        ("officer_b", Http404),  # another branch: not found
        ("outsider", Http404),
    ],
)
def test_refused_approvers_change_nothing(org, cstt, actor, error):
    registration = services.registration_submit(actor=org.officer_a1, entry=cstt, year=2025, person=org.person_a1)
    with pytest.raises(error):
        services.registration_review(actor=getattr(org, actor), registration=registration, approve=True)
    assert _unchanged(registration)
    assert not AuditEvent.objects.filter(action="emulation.registration.reviewed").exists()


def test_a_commander_of_the_subjects_own_unit_is_not_the_level_above(org):
    # Phòng Tuyên huấn's own commander does not approve the Phòng's title: Cục Chính trị does
    commander_a1 = UserFactory(username="chihuy.a1", roles=[(org.a1, Role.CHI_HUY)])
    registration = services.registration_submit(
        actor=org.officer_a1, entry=CatalogueEntry.objects.get(code="DVTT"), year=2025, unit=org.a1
    )
    with pytest.raises(PermissionDenied):
        services.registration_review(actor=commander_a1, registration=registration, approve=True)
    assert _unchanged(registration)
