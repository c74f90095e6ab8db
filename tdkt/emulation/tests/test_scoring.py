"""A cluster scoring round from the criteria to the lock, the ranking and the acclaim."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tdkt.core.errors import DomainError
from tdkt.emulation import scoring, services
from tdkt.emulation.models import Score
from tdkt.emulation.tests.test_services import cluster  # noqa: F401 (fixture)


@pytest.fixture
def scored(org, cluster):  # noqa: F811
    services.cluster_leader_set(actor=org.admin, cluster=cluster, year=2022, leader=org.c)
    round_ = scoring.round_create(actor=org.admin, cluster=cluster, year=2022)
    work = scoring.criterion_add(actor=org.admin, round_=round_, name="Thực hiện nhiệm vụ", max_points=60)
    training = scoring.criterion_add(actor=org.admin, round_=round_, name="Huấn luyện", max_points=40, parent=work)
    safety = scoring.criterion_add(
        actor=org.admin, round_=round_, name="An toàn", max_points=20, parent=work, kind="DAT"
    )
    bonus = scoring.criterion_add(actor=org.admin, round_=round_, name="Điểm thưởng", max_points=5, kind="THUONG")
    return round_, training, safety, bonus


def test_self_score_review_explain_rereview_lock_and_acclaim(org, cluster, scored):  # noqa: F811
    round_, training, safety, bonus = scored
    with pytest.raises(ValidationError, match="vượt"):
        scoring.criterion_add(actor=org.admin, round_=round_, name="Thừa", max_points=5, parent=training.parent)
    scoring.round_advance(actor=org.admin, round_=round_)
    officers = {org.a: org.officer_a, org.b: org.officer_b}
    for unit, (t, s) in {org.a: (38, 20), org.b: (35, 20)}.items():
        scoring.score_self(
            actor=officers[unit], round_=round_, unit=unit, criterion=training, points=t, evidence="Báo cáo huấn luyện"
        )
        scoring.score_self(actor=officers[unit], round_=round_, unit=unit, criterion=safety, points=s)
    with pytest.raises(ValidationError, match="ngoài khoảng"):  # above the criterion's maximum
        scoring.score_self(actor=org.officer_a, round_=round_, unit=org.a, criterion=training, points=41)
    with pytest.raises(ValidationError, match="chỉ chấm đạt"):
        scoring.score_self(actor=org.officer_a, round_=round_, unit=org.a, criterion=safety, points=10)
    with pytest.raises(PermissionDenied):  # Cục Hậu cần cannot score Cục Chính trị
        scoring.score_self(actor=org.officer_b, round_=round_, unit=org.a, criterion=training, points=1)
    scoring.score_self(actor=org.officer_a, round_=round_, unit=org.a, criterion=bonus, points=5)
    scoring.round_advance(actor=org.admin, round_=round_)  # to review
    scoring.score_review(
        actor=org.admin, round_=round_, unit=org.a, criterion=training, points=30, note="Chưa đủ minh chứng"
    )
    scoring.round_advance(actor=org.admin, round_=round_)  # to explanation
    scoring.score_explain(
        actor=org.officer_a,
        round_=round_,
        unit=org.a,
        criterion=training,
        explanation="Bổ sung kết quả kiểm tra cuối năm",
    )
    scoring.round_advance(actor=org.admin, round_=round_)  # to re-review
    scoring.score_review(actor=org.admin, round_=round_, unit=org.a, criterion=training, points=36)
    locked = scoring.round_advance(actor=org.admin, round_=round_)
    ranked = scoring.ranking(locked)
    assert [(s.unit.code, s.total) for s in ranked][:2] == [("CCT", Decimal(61)), ("CHC", Decimal(55))]
    assert locked.acclaimed == org.a
    with pytest.raises(DomainError, match="đã khóa"):  # a locked round is never edited
        scoring.score_review(actor=org.admin, round_=locked, unit=org.a, criterion=training, points=40)
    assert Score.objects.get(unit=org.a, criterion=training).points == 36
    from tdkt.nominations.tests.conftest import build_flow

    build_flow(org)  # the authorities a proposal goes to
    item = scoring.acclaim_propose(actor=org.admin, round_=locked, entry_code="CO_QK")
    assert item.unit == org.a and item.entry.code == "CO_QK" and item.dossier.kind == "KHEN_CAO"


def test_only_the_leader_runs_the_round(org, cluster, scored):  # noqa: F811
    round_, *_ = scored
    with pytest.raises(PermissionDenied, match="cụm trưởng"):
        scoring.round_advance(actor=org.officer_b, round_=round_)
