"""The demo's 2022 khen cao proposals: the seed's figures, as dossiers that went through the flow."""

import pytest

from tdkt.demo.nominations import load_demo_nominations
from tdkt.demo.org import build_demo
from tdkt.demo.records import load_demo_history
from tdkt.nominations.models import Dossier, DossierItem

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_nearly_40_collectives_and_more_than_400_individuals_proposed_for_khen_cao_in_2022():
    build_demo()
    load_demo_history()
    created = load_demo_nominations()
    items = DossierItem.objects.filter(year=2022, kind="KHEN_CAO")
    collectives = items.filter(unit__isnull=False).values("unit").distinct().count()
    individuals = items.filter(person__isnull=False).values("person").distinct().count()
    assert 35 <= collectives < 40 and individuals > 400
    dossiers = Dossier.objects.filter(year=2022, kind="KHEN_CAO")
    assert created["dossiers"] == 4 == dossiers.count()
    for dossier in dossiers:  # agency council, Military Region council, then sent to the Ministry
        assert dossier.status == "DA_GUI" and dossier.authority.code == "BQP"
        assert list(dossier.events.values_list("action", flat=True)) == [
            "submit",
            "receive",
            "to_council",
            "close_vote",
            "forward",
            "receive",
            "to_council",
            "close_vote",
            "forward",
        ]
        assert dossier.meetings.count() == 2
    assert not items.filter(eligibility_status="NOT_ELIGIBLE", justification="").exists()
    assert load_demo_nominations() == {"dossiers": 0, "items": 0}  # run again: nothing twice
