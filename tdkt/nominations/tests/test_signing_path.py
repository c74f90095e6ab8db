"""Issue #15, item 8: the signing path. Item changes go by one table and are audited; a decision's awards are
written in batches, so signing costs the same number of queries for 5 items as for 50; the record stays
without drift."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tdkt.audit.drift import records_drift
from tdkt.audit.models import AuditEvent
from tdkt.core.errors import DomainError
from tdkt.nominations import services
from tdkt.nominations.choices import DossierStatus, ItemStatus
from tdkt.nominations.models import DecisionIssue, DossierItem
from tdkt.nominations.services.transitions import ITEM_TRANSITIONS, TRANSITIONS, _items_move
from tdkt.nominations.tests.test_services import SIGNER, dossier_for, meeting, to_council
from tdkt.org.tests.factories import person_create
from tdkt.records import services as records
from tdkt.records.models import Award

pytestmark = pytest.mark.django_db


def _voted_dossier(flow, n: int, tag: str):
    """A dossier of `n` people of two units, each item voted through by the council: ready to sign."""
    org = flow.org
    dossier = dossier_for(flow, title=f"Đề nghị {tag}")
    units = (org.a1, org.a11)
    for i in range(n):
        person = person_create(units[i % 2], code=f"{tag}-{i:03d}", full_name=f"Nguyễn Văn {tag} {i}")
        services.item_add(
            actor=org.officer_a,
            dossier=dossier,
            entry=flow.entry("CSTT"),
            person=person,
            justification="Hoàn thành xuất sắc nhiệm vụ, dẫn đầu phong trào thi đua.",
        )
    to_council(flow, dossier)
    sitting = meeting(flow, dossier)
    for item in dossier.items.all():
        services.tally_record(
            actor=org.council_a, meeting=sitting, item=item, agree=9, disagree=0, abstain=0, invalid=0
        )
    return services.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote")


def _sign(flow, dossier, key: str):
    return services.decision_issue(
        actor=flow.org.commander, dossier=dossier, signed_on=timezone.localdate(), signer=SIGNER, idempotency_key=key
    )


def test_signing_costs_the_same_queries_for_5_items_as_for_50(flow):
    counts = {}
    for n in (5, 50):
        dossier = _voted_dossier(flow, n, f"N{n}")
        with CaptureQueriesContext(connection) as ctx:
            issue = _sign(flow, dossier, f"k-{n}")
        counts[n] = len(ctx.captured_queries)
        assert Award.objects.filter(decision=issue.decision).count() == n
        assert set(dossier.items.values_list("status", flat=True)) == {ItemStatus.DA_KHEN}
    assert counts[50] <= counts[5], counts  # the second signing finds some look-ups already cached
    assert counts[5] < 100, counts  # about 31 queries per item before: 155 for 5


def test_a_batched_decision_is_audited_item_by_item_and_shows_no_drift(flow):
    dossier = _voted_dossier(flow, 6, "D")
    issue = _sign(flow, dossier, "k-drift")
    for item in DossierItem.objects.filter(dossier=dossier).select_related("award"):
        last = AuditEvent.objects.filter(object_type="nominations.dossieritem", object_id=str(item.pk)).last()
        assert last.action == "nominations.item.awarded" and item.award is not None
        assert last.before["status"] == ItemStatus.DAT and last.after["status"] == ItemStatus.DA_KHEN
        created = AuditEvent.objects.get(object_type="records.award", object_id=str(item.award_id))
        assert created.action == "records.award.created" and created.reason == f"Quyết định số {issue.decision.number}"
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DA_QUYET_DINH
    assert dossier.events.last().action == "decide"
    assert AuditEvent.objects.filter(action="nominations.dossier.decide", object_id=str(dossier.pk)).count() == 1
    assert list(records_drift()) == []
    call_command("audit", "verify", "--records")  # raises CommandError on a broken chain or drift


def test_every_refused_award_is_reported_at_once_and_nothing_is_written(flow):
    dossier = _voted_dossier(flow, 4, "R")
    items = list(dossier.items.select_related("person").order_by("pk"))
    # two of them already hold the 2025 CSTT, recorded by hand since the vote
    for item in items[:2]:
        records.award_record(actor=flow.org.admin, person=item.person, entry=flow.entry("CSTT"), year=item.year)
    awards, events = Award.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        _sign(flow, dossier, "k-refused")
    messages = refused.value.message_dict["awards"]
    assert len(messages) == 2 and all("đã có danh hiệu" in m for m in messages)
    assert str(items[0].person) in messages[0] and str(items[1].person) in messages[1]
    assert (Award.objects.count(), AuditEvent.objects.count()) == (awards, events)
    assert not DecisionIssue.objects.exists()
    assert set(dossier.items.values_list("status", flat=True)) == {ItemStatus.DAT}


def test_an_item_moves_only_from_the_statuses_its_transition_names(flow):
    dossier = _voted_dossier(flow, 2, "T")
    _sign(flow, dossier, "k-table")
    item = dossier.items.first()
    events = AuditEvent.objects.count()
    for action in ("withdraw", "dossier_withdraw", "raise", "approve", "vote_pass", "award"):
        with pytest.raises(DomainError, match="Đề nghị đã “Đã khen thưởng”"):
            _items_move(actor=flow.org.admin, items=[item], action=action, status_reason="x")
    item.refresh_from_db()
    assert item.status == ItemStatus.DA_KHEN and AuditEvent.objects.count() == events
    # every target is an item status, and "decide" is a row of the dossier table like every other step
    assert {t.target for t in ITEM_TRANSITIONS.values()} <= set(ItemStatus.values)
    assert TRANSITIONS["decide"].target == DossierStatus.DA_QUYET_DINH
