"""Issue #14, finding 18: every item a dossier's transition changes has its own audit event, so that
`tdkt audit verify --records` finds no drift on a clean record (the forward and withdraw transitions used to
rewrite the items' status with one bulk UPDATE and no event)."""

import pytest

from tdkt.audit.drift import records_drift
from tdkt.audit.models import AuditEvent
from tdkt.nominations import services
from tdkt.nominations.choices import ItemStatus
from tdkt.nominations.models import DossierItem
from tdkt.nominations.tests.test_services import dossier_for, meeting, to_council

pytestmark = pytest.mark.django_db


def _item_events(item) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="nominations.dossieritem", object_id=str(item.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_forwarded_items_are_audited_and_show_no_drift(flow):
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
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="forward")
    assert DossierItem.objects.get(pk=item.pk).status == ItemStatus.DE_NGHI
    assert _item_events(item)[-1] == "nominations.item.forward"
    assert list(records_drift()) == []


def test_withdrawn_items_are_audited_and_show_no_drift(flow):
    dossier = dossier_for(flow)
    item = services.item_add(
        actor=flow.org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=flow.org.person_a
    )
    services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="submit")
    services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="withdraw", reason="Nộp nhầm")
    assert DossierItem.objects.get(pk=item.pk).status == ItemStatus.DA_RUT
    assert _item_events(item)[-1] == "nominations.item.withdrawn"
    assert list(records_drift()) == []
