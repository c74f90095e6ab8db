"""Ranks and the acclaimed unit (browser review of issue #16, findings 4, 9 and 25): equal totals share a
rank, a tie at the top is never resolved silently (the locking officer chooses, audited), the lock page warns
of scores not yet reviewed, a round without scores ranks nobody, and the organiser's commander reviews the
leader's own score."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tdkt.api.tests.test_records_api import api
from tdkt.audit.models import AuditEvent
from tdkt.emulation import scoring
from tdkt.emulation.models import Score, ScoringRound
from tdkt.emulation.policies import round_policy
from tdkt.emulation.tests.test_fair_scoring import officer_c  # noqa: F401 (fixture)
from tdkt.emulation.tests.test_scoring import scored  # noqa: F401 (fixture)
from tdkt.emulation.tests.test_services import cluster  # noqa: F401 (fixture)
from tdkt.org.choices import Role
from tdkt.org.tests.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db


def _tied(org, round_, training):
    """A (Cục Chính trị) and B (Cục Hậu cần) both 30, C (the leader, Cục Kỹ thuật) 25, at re-review; only A's
    score reviewed."""
    scoring.round_advance(actor=org.admin, round_=round_)  # self-scoring
    scoring.score_self(actor=org.officer_a, round_=round_, unit=org.a, criterion=training, points=32)
    scoring.score_self(actor=org.officer_b, round_=round_, unit=org.b, criterion=training, points=30)
    scoring.score_self(actor=org.admin, round_=round_, unit=org.c, criterion=training, points=25)
    scoring.round_advance(actor=org.admin, round_=round_)  # review
    scoring.score_review(actor=org.admin, round_=round_, unit=org.a, criterion=training, points=30)
    for _ in range(2):  # explanation, re-review
        scoring.round_advance(actor=org.admin, round_=round_)


def test_equal_totals_share_a_rank(org, cluster, scored):  # noqa: F811
    round_, training, *_ = scored
    _tied(org, round_, training)
    ranked = [(s.rank, s.unit.code, s.tied) for s in scoring.ranking(round_)]
    assert ranked == [(1, org.a.code, True), (1, org.b.code, True), (3, org.c.code, False)]
    assert [s.unit for s in scoring.top_tie(scoring.ranking(round_))] == [org.a, org.b]


def test_a_round_without_scores_ranks_nobody(org, cluster, scored):  # noqa: F811
    round_, *_ = scored
    assert {s.rank for s in scoring.ranking(round_)} == {None}
    page = client_for(org.admin).get(reverse("emulation:scoring", args=[cluster.pk, 2022])).content.decode()
    assert page.count('<td data-testid="rank">—</td>') == 3


def test_a_tie_at_the_top_is_not_locked_without_the_officers_choice(org, cluster, scored):  # noqa: F811
    round_, training, *_ = scored
    _tied(org, round_, training)
    events = AuditEvent.objects.count()
    for acclaimed in (None, org.c):  # no choice, or a unit that is not among the tied
        with pytest.raises(ValidationError, match="đồng hạng nhất"):
            scoring.round_advance(actor=org.admin, round_=round_, acclaimed=acclaimed)
    unchanged = ScoringRound.objects.get(pk=round_.pk)
    assert (unchanged.status, unchanged.acclaimed) == ("CHAM_LAI", None) and AuditEvent.objects.count() == events
    locked = scoring.round_advance(actor=org.admin, round_=round_, acclaimed=org.b)
    assert (locked.status, locked.acclaimed) == ("KHOA", org.b)
    event = AuditEvent.objects.filter(action="emulation.round.advanced").latest("pk")
    assert event.after["acclaimed"] == org.b.pk and sorted(event.after["tie"]) == sorted([org.a.pk, org.b.pk])


def test_the_lock_page_warns_of_the_tie_and_of_unreviewed_scores(org, cluster, scored, officer_c):  # noqa: F811
    round_, training, *_ = scored
    _tied(org, round_, training)
    leader = client_for(officer_c)
    url = reverse("emulation:scoring", args=[cluster.pk, 2022])
    lock = reverse("emulation:scoring_lock", args=[cluster.pk, 2022])
    page = leader.get(lock).content.decode()
    assert "Cục Chính trị</strong>, <strong>Cục Hậu cần</strong> đồng hạng nhất (30 điểm)" in page
    assert "đơn vị được suy tôn: <strong>" not in page  # nobody is named before the choice
    assert "2 điểm <strong>chưa thẩm định</strong>" in page and "Cục Hậu cần — Huấn luyện: tự chấm 30" in page
    assert "1 (đồng hạng)" in page
    refused = leader.post(url, {"action": "advance", "confirm": "1"})
    assert refused.status_code == 302 and refused.url == lock  # back to the choice
    assert ScoringRound.objects.get(pk=round_.pk).status == "CHAM_LAI"
    leader.post(url, {"action": "advance", "confirm": "1", "acclaimed": str(org.a.pk)})
    assert ScoringRound.objects.get(pk=round_.pk).acclaimed == org.a


def test_the_api_locks_a_tie_only_with_the_acclaimed_unit(org, cluster, scored):  # noqa: F811
    round_, training, *_ = scored
    _tied(org, round_, training)
    admin = api(org.admin)
    refused = admin.post(f"/api/v1/scoring-rounds/{round_.pk}/advance/", {}, format="json")
    assert refused.status_code == 400 and ScoringRound.objects.get(pk=round_.pk).status == "CHAM_LAI"
    locked = admin.post(f"/api/v1/scoring-rounds/{round_.pk}/advance/", {"acclaimed": org.b.code}, format="json")
    assert locked.status_code == 200 and locked.json()["acclaimed"]["code"] == org.b.code
    assert [(s["rank"], s["tied"]) for s in locked.json()["ranking"]] == [(1, True), (1, True), (3, False)]


def test_the_organisers_commander_reviews_the_leaders_own_score(org, cluster, scored, officer_c):  # noqa: F811
    round_, training, *_ = scored
    scoring.round_advance(actor=org.admin, round_=round_)
    scoring.score_self(actor=officer_c, round_=round_, unit=org.c, criterion=training, points=30)
    scoring.round_advance(actor=org.admin, round_=round_)  # review
    with pytest.raises(PermissionDenied) as own:
        scoring.score_review(actor=officer_c, round_=round_, unit=org.c, criterion=training, points=40)
    assert "cán bộ thi đua – khen thưởng hoặc người chỉ huy Bộ Tư lệnh Quân khu" in str(own.value)
    # the commander of another unit (Cục Chính trị) is not the organiser's: refused, nothing written
    other = UserFactory(username="chihuy.a", roles=[(org.a, Role.CHI_HUY)])
    with pytest.raises(PermissionDenied, match="người chỉ huy Bộ Tư lệnh Quân khu"):
        scoring.score_review(actor=other, round_=round_, unit=org.c, criterion=training, points=20)
    assert Score.objects.get(round=round_, unit=org.c, criterion=training).review_points is None
    page = client_for(org.commander).get(reverse("emulation:scoring", args=[cluster.pk, 2022])).content.decode()
    assert "Thẩm định Cục Kỹ thuật — Huấn luyện" in page  # the form is there for the commander
    scoring.score_review(actor=org.commander, round_=round_, unit=org.c, criterion=training, points=28)
    assert Score.objects.get(round=round_, unit=org.c, criterion=training).review_points == Decimal(28)
    assert not round_policy.can(org.commander, "lead", round_)  # reviewing, not running the round
