"""`tdkt audit verify --records` and foreign keys audited by their natural key.

A decision issue's event names its authority by code ("CCT") while the row holds the authority's id: every
decision issued through tdkt used to be reported as drift. A direct change of the authority still is.
"""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tdkt.audit.drift import records_drift
from tdkt.nominations import services
from tdkt.nominations.models import DecisionIssue
from tdkt.nominations.tests.conftest import build_flow
from tdkt.nominations.tests.test_services import SIGNER, dossier_for, meeting, to_council

pytestmark = pytest.mark.django_db


def issue_decision(org):
    """A CCT dossier voted and its decision signed through the services: (flow, issue)."""
    flow = build_flow(org)
    dossier = dossier_for(flow)
    item = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a)
    to_council(flow, dossier)
    sitting = meeting(flow, dossier)
    services.tally_record(actor=org.council_a, meeting=sitting, item=item, agree=9, disagree=0, abstain=0, invalid=0)
    dossier = services.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote")
    issue = services.decision_issue(
        actor=org.commander, dossier=dossier, signed_on=timezone.localdate(), signer=SIGNER, idempotency_key="k-1"
    )
    return flow, issue


@pytest.fixture
def issued(org):
    return issue_decision(org)


def test_a_decision_issued_through_tdkt_is_no_drift(issued, capsys):
    assert list(records_drift()) == []
    call_command("audit", "verify", "--records")
    assert "Dữ liệu khớp với nhật ký" in capsys.readouterr().out


def test_a_direct_change_of_the_issuing_authority_is_reported(issued):
    flow, issue = issued
    DecisionIssue.objects.filter(pk=issue.pk).update(authority=flow.chc)  # not through tdkt
    drifts = [(d.object_type, d.object_id, d.field, d.audited, d.current) for d in records_drift()]
    assert drifts == [("nominations.decisionissue", str(issue.pk), "authority", "CCT", f"CHC (id {flow.chc.pk})")]
    with pytest.raises(CommandError, match="Dữ liệu lệch so với nhật ký: 1 giá trị"):
        call_command("audit", "verify", "--records")
    assert DecisionIssue.objects.get(pk=issue.pk).authority_id == flow.chc.pk  # verification only reports
