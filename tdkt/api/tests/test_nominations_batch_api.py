"""The batch writes of a dossier over the API (issue #16, item 3): the same services as the pages, all or nothing."""

from tdkt.api.tests.test_records_api import api
from tdkt.audit.models import AuditEvent
from tdkt.nominations.choices import ItemStatus
from tdkt.nominations.models import DossierItem, Tally
from tdkt.nominations.tests.conftest import build_flow
from tdkt.nominations.tests.factories import big_dossier
from tdkt.nominations.tests.test_services import meeting


def state():
    return (
        list(DossierItem.objects.order_by("pk").values_list("pk", "status", "status_reason")),
        Tally.objects.count(),
        AuditEvent.objects.count(),
    )


def test_review_batch_approves_all_but_the_exceptions(org):
    flow = build_flow(org)
    dossier, items = big_dossier(flow, 6)
    body = {
        "action": "approve",
        "items": [i.pk for i in items[1:]],
        "exceptions": [
            {"item": items[0].pk, "action": "reject", "reason": "Thiếu bản nhận xét"},
            {"item": items[5].pk, "action": "reject", "reason": "Chưa đủ thời gian"},
        ],
    }
    answer = api(org.officer_a).post(f"/api/v1/dossiers/{dossier.pk}/review-batch/", body, format="json")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["review"] == {"approve": 4, "reject": 2, "forward": 0}
    statuses = {i["id"]: (i["status"], i["status_reason"]) for i in answer.json()["items"]}
    assert statuses[items[0].pk] == (ItemStatus.KHONG_DAT, "Thiếu bản nhận xét")
    assert [statuses[i.pk][0] for i in items[1:5]] == [ItemStatus.DAT] * 4


def test_a_refused_review_batch_is_a_400_naming_each_item_and_changes_nothing(org):
    flow = build_flow(org)
    dossier, items = big_dossier(flow, 3)
    before = state()
    body = {
        "action": "reject",
        "items": [i.pk for i in items],
        "exceptions": [{"item": items[2].pk, "action": "approve"}],
    }
    answer = api(org.officer_a).post(f"/api/v1/dossiers/{dossier.pk}/review-batch/", body, format="json")
    assert answer.status_code == 400 and state() == before
    errors = {e["attr"]: e["detail"] for e in answer.json()["errors"]}
    assert set(errors) == {"non_field_errors", f"items.{items[0].pk}", f"items.{items[1].pk}"}
    assert errors[f"items.{items[0].pk}"].endswith("(Chiến sĩ thi đua cơ sở): phải ghi lý do không chấp thuận.")
    assert errors["non_field_errors"].startswith("Chưa xét đề nghị nào: 2 đề nghị không xét được")
    # the council's secretary is not the reviewer: 403 whatever the body
    refused = api(org.council_a).post(f"/api/v1/dossiers/{dossier.pk}/review-batch/", {}, format="json")
    assert refused.status_code == 403 and state() == before


def test_tallies_batch_records_a_meeting_at_once_or_nothing(org):
    flow = build_flow(org)
    dossier, items = big_dossier(flow, 3, stage="council")
    sitting = meeting(flow, dossier)
    secretary, url = api(org.council_a), f"/api/v1/dossiers/{dossier.pk}/tallies-batch/"
    before = state()
    bad = {"meeting": sitting.pk, "rows": [{"item": i.pk, "agree": 8, "disagree": 2} for i in items]}
    answer = secretary.post(url, bad, format="json")
    assert answer.status_code == 400 and state() == before
    assert {e["attr"] for e in answer.json()["errors"]} == {"non_field_errors", *(f"rows.{i.pk}" for i in items)}
    good = {"meeting": sitting.pk, "rows": [{"item": i.pk, "agree": 8, "disagree": 1} for i in items]}
    answer = secretary.post(url, good, format="json")
    assert answer.status_code == 201, answer.json()
    assert [t["passed"] for t in answer.json()["tallies"]] == [True, True, True]
    assert Tally.objects.filter(meeting=sitting).count() == 3
