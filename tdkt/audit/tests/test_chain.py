import dataclasses

import pytest
from django.db import DatabaseError, connection, transaction

from tdkt.audit.chain import GENESIS_HASH, verify_events
from tdkt.audit.keys import require_key
from tdkt.audit.models import AuditChainHead, AuditEvent
from tdkt.audit.selectors import audit_chain_verify
from tdkt.audit.services import audit_record
from tdkt.org.tests.factories import UnitFactory


def _record(n: int = 3):
    unit = UnitFactory()
    with transaction.atomic():
        for i in range(n):
            audit_record(
                actor=None, action="org.unit.updated", obj=unit, before={"i": i}, after={"i": i + 1}, reason=f"lần {i}"
            )


@pytest.mark.django_db
def test_events_are_dense_and_linked():
    _record(3)
    events = list(AuditEvent.objects.order_by("seq"))  # the catalogue load is recorded first
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == GENESIS_HASH
    assert [e.reason for e in events[-3:]] == ["lần 0", "lần 1", "lần 2"]
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(events, events[1:], strict=False))
    head = AuditChainHead.objects.get(id=1)
    assert (head.seq, head.hash) == (len(events), events[-1].hash)
    assert audit_chain_verify() is None


def test_recording_outside_a_transaction_is_refused(transactional_db):
    unit = UnitFactory()
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        audit_record(actor=None, action="org.unit.updated", obj=unit)
    assert AuditEvent.objects.count() == before


def test_flushing_the_test_database_keeps_the_triggers(transactional_db):
    """After a transactional test's flush the append-only triggers are back (see conftest)."""
    from django.core.management import call_command

    _record(1)
    call_command("flush", interactive=False, verbosity=0)
    _record(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET reason = 'sửa lén'",
        "DELETE FROM audit_auditevent",
    ],
)
@pytest.mark.django_db
def test_database_refuses_update_and_delete(statement):
    _record(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.order_by("seq").last().reason == "lần 0"


def _copies():
    return [dataclasses.replace(_Frozen.of(e)) for e in AuditEvent.objects.order_by("seq")]


@dataclasses.dataclass
class _Frozen:
    seq: int
    created_at: object
    actor_id: int | None
    actor_username: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: object
    after: object
    reason: str
    prev_hash: str
    hash: str
    hash_scheme: int

    @classmethod
    def of(cls, event):
        return cls(**{f.name: getattr(event, f.name) for f in dataclasses.fields(cls)})


@pytest.mark.django_db
def test_verification_names_the_first_broken_link():
    _record(5)
    key = require_key()
    events = _copies()
    assert verify_events(events, key=key) is None
    n = len(events)

    edited = _copies()
    edited[n - 3].reason = "đã sửa"
    assert verify_events(edited, key=key).seq == n - 2

    deleted = _copies()
    del deleted[n - 4]
    assert verify_events(deleted, key=key).seq == n - 3

    swapped = _copies()
    swapped[n - 4], swapped[n - 3] = swapped[n - 3], swapped[n - 4]
    assert verify_events(swapped, key=key).seq == n - 3


@pytest.mark.django_db
def test_createsuperuser_is_audited():
    from django.core.management import call_command

    call_command("createsuperuser", "--noinput", "--username", "chuquan", "--email", "a@b.vn", verbosity=0)
    event = AuditEvent.objects.filter(action="org.user.created").latest("seq")
    assert event.after["username"] == "chuquan" and event.reason == "tdkt createsuperuser"
    assert audit_chain_verify() is None
