"""The demo's Cluster 4: Cục Kỹ thuật leads in 2022 and hands over to Cục Chính trị for 2023."""

import pytest
from django.contrib.auth import get_user_model

from tdkt.demo.emulation import load_demo_emulation
from tdkt.demo.org import build_demo
from tdkt.demo.records import load_demo_history
from tdkt.emulation.models import Cluster, ScoringRound
from tdkt.emulation.policies import round_policy
from tdkt.emulation.services import cluster_leaders
from tdkt.org.models import Unit

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_cluster_4_hands_over_from_cuc_ky_thuat_to_cuc_chinh_tri():
    build_demo()
    load_demo_history()
    load_demo_emulation()
    cluster = Cluster.objects.get(code="CUM4-QK5")
    leaders = [
        (row.year, row.leader.code, row.handed_over_by.code if row.handed_over_by else None)
        for row in cluster_leaders(cluster)
    ]
    assert leaders == [(2022, "QK5-CKT", None), (2023, "QK5-CCT", "QK5-CKT")]
    assert cluster.memberships.filter(year=2022).count() == 4 and cluster.covenants.count() == 5
    round_ = cluster.rounds.get(year=2022)
    assert round_.status == "KHOA" and round_.acclaimed.code == "QK5-CCT"
    from tdkt.emulation.models import Exemplar, Movement

    assert Movement.objects.filter(year=2022, kind="QUYET_THANG", parent__isnull=True).count() == 4
    assert {e.stage for e in Exemplar.objects.all()} == {"BOI_DUONG", "TONG_KET", "NHAN_RONG"}
    # the 2023 leader's own score (Cục Chính trị) is reviewed by the organiser: the demo's commander there can
    round_2023 = ScoringRound(cluster=cluster, year=2023)
    commander = get_user_model().objects.get(username="chihuy.qk5")
    assert round_policy.can(commander, "review", round_2023)
    assert not round_policy.speaks_only_for(commander, round_2023, Unit.objects.get(code="QK5-CCT"))
    assert load_demo_emulation() == {"clusters": 0, "leaders": 0}
    assert Exemplar.objects.count() == 12
