"""The review of a dossier belongs to the level holding it: a commander of the level above sees the dossier
but takes no part in the lower level's review until the dossier is forwarded to him (review finding 10)."""

import pytest
from django.core.exceptions import PermissionDenied

from tdkt.nominations import services
from tdkt.nominations.choices import DossierStatus, ItemStatus
from tdkt.nominations.models import Dossier, DossierItem
from tdkt.nominations.policies import dossier_policy, level_unit_ids
from tdkt.nominations.tests.conftest import YEAR


@pytest.fixture
def held_at_cct(flow):
    org = flow.org
    dossier = services.dossier_create(
        actor=org.officer_a, unit=org.a, year=YEAR, kind="KHEN_CAO", title="Đề nghị Bằng khen Bộ trưởng"
    )
    item = services.item_add(
        actor=org.officer_a, dossier=dossier, entry=flow.entry("BK_BQP"), person=org.person_a,
        justification="Hai năm liền hoàn thành xuất sắc nhiệm vụ.",
    )  # fmt: skip
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="submit")
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="receive")
    return Dossier.objects.get(pk=dossier.pk), item


def test_the_level_of_an_authoritys_unit_stops_below_the_next_authority(flow):
    org = flow.org
    assert level_unit_ids(org.a) == [org.a.pk]  # Cục Chính trị; the Military Region above is its own level
    assert level_unit_ids(org.root) == [org.root.pk]


def test_a_commander_above_sees_but_does_not_review_at_the_lower_level(flow, held_at_cct):
    org = flow.org
    dossier, item = held_at_cct
    assert dossier.authority == flow.cct and dossier.status == DossierStatus.DANG_XET
    assert dossier_policy.can_view(org.commander, dossier)
    assert not dossier_policy.has_side(org.commander, "reviewer", dossier)
    for actor in (org.commander, org.admin):  # CHI_HUY and QUAN_TRI of the Military Region, not superusers
        with pytest.raises(PermissionDenied, match="của cấp đang xét"):
            services.item_review(actor=actor, item=item, action="approve")
        with pytest.raises(PermissionDenied):
            services.dossier_transition(actor=actor, dossier=dossier, action="return", reason="Bổ sung")
    assert DossierItem.objects.get(pk=item.pk).status == ItemStatus.DE_NGHI
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.DANG_XET
    assert not dossier.events.filter(actor=org.commander).exists()
    # Cục Chính trị's own officer reviews; once forwarded, the Military Region's commander does
    services.item_review(actor=org.officer_a, item=item, action="forward")
    dossier = services.dossier_transition(actor=org.officer_a, dossier=dossier, action="forward")
    assert dossier.authority == flow.btl
    services.dossier_transition(actor=org.commander, dossier=dossier, action="receive")
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.DANG_XET
    assert dossier_policy.has_side(org.commander, "reviewer", dossier)
    assert not dossier_policy.has_side(org.officer_a, "reviewer", dossier)  # the level below no longer reviews
