"""Dossier writes over the API from the wrong side: 403 before the body is even read, and no table changed
(issue #14). An empty or a valid body gets the same answer, so a refused actor learns nothing from validation."""

from tdkt.api.tests.test_records_api import api
from tdkt.nominations import services
from tdkt.nominations.tests.conftest import build_flow
from tdkt.nominations.tests.test_services import dossier_for, meeting, to_council
from tests.permissions.digest import changed_tables, record_digest

SIGNER = {"signed_on": "2025-12-25", "signer_title": "Chủ nhiệm", "signer_name": "Nguyễn Văn Bình"}


def test_the_council_and_the_signer_writes_refuse_the_other_sides(org):
    flow = build_flow(org)
    dossier = dossier_for(flow)
    item = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a)
    to_council(flow, dossier)
    sitting = meeting(flow, dossier)
    base = f"/api/v1/dossiers/{dossier.pk}"
    tally = {"meeting": sitting.pk, "item": item.pk, "agree": 9, "disagree": 0, "abstain": 0, "invalid": 0}
    attempts = [
        (org.officer_a, "tallies", tally),  # the officer who prepared the dossier is not the council
        (org.commander, "tallies", tally),
        (org.officer_a, "decision", SIGNER),  # nor its signer
        (org.council_a, "decision", SIGNER),
        (org.viewer_a, "items", {"person": org.person_a1.pk, "entry": "CSTT"}),
        (org.viewer_a, "review", {"item": item.pk, "action": "approve"}),
        (org.viewer_a, "meetings", {}),
    ]
    for user, path, body in attempts:
        before = record_digest()
        answer = api(user).post(f"{base}/{path}/", body, format="json")
        assert answer.status_code == 403, (user.username, path, answer.json())
        assert changed_tables(before, record_digest()) == [], (user.username, path)
    assert not item.tallies.exists() and dossier.items.count() == 1
    # the secretary's tally goes through (the gate is not closed for everyone)
    assert api(org.council_a).post(f"{base}/tallies/", tally, format="json").status_code == 201
