"""The demo data reproduce the seed report's 2022 figures from the records themselves."""

import pytest

from tdkt.demo.org import build_demo
from tdkt.demo.records import AGENCIES, COUNTED_KINDS, load_demo_history
from tdkt.org.models import Person, Unit
from tdkt.org.scoping import descendant_ids
from tdkt.records.models import Award

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_demo_2022_commendations_cover_174_collectives_and_565_individuals():
    build_demo()
    load_demo_history()
    assert 2900 <= Person.objects.count() <= 3100
    roots = list(Unit.objects.filter(code__in=AGENCIES).values_list("id", flat=True))
    cluster = descendant_ids(roots)
    counted = Award.objects.filter(year=2022, entry__kind="HINH_THUC", status="HIEU_LUC", kind__in=COUNTED_KINDS)
    assert counted.filter(unit_id__in=cluster).values("unit_id").distinct().count() == 174
    assert counted.filter(person__unit_id__in=cluster).values("person_id").distinct().count() == 565
    # The distractors exist and are what keeps a careless count from matching.
    all_2022 = Award.objects.filter(year=2022, entry__kind="HINH_THUC")
    assert all_2022.filter(kind="CHUYEN_DE").exists() and all_2022.filter(status="DA_HUY").exists()
    assert all_2022.exclude(person__unit_id__in=cluster).filter(person__isnull=False).exists()

    again = load_demo_history()
    assert all(set(counts) == {"unchanged"} for counts in again.values()), again
