"""Recording audit events. Called by every service, inside the service's transaction."""

import json
from datetime import UTC

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Model
from django.forms.models import model_to_dict
from django.utils import timezone

from tdkt.audit.chain import GENESIS_HASH, HMAC_SHA256, compute_hash, event_payload
from tdkt.audit.keys import require_key
from tdkt.audit.models import AuditChainHead, AuditEvent
from tdkt.audit.signals import events_recorded


def snapshot(obj: Model | None, fields: list[str] | None = None) -> dict | None:
    """JSON-safe field values of a model instance, as stored (and hashed) in an event."""
    if obj is None:
        return None
    data = model_to_dict(obj, fields=fields)
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))


def _filled(value) -> bool:
    return value not in (None, "", [], {})


CORRECTION_REASON_REQUIRED = "Phải ghi lý do sửa: thông tin đã có được thay bằng thông tin mới."


def correction_reason(
    reason: str, *, before: dict | None, after: dict | None, ignore=(), message: str = CORRECTION_REASON_REQUIRED
) -> str:
    """The reason of a write, required when it changes a value that was already recorded (a correction).

    A first entry (no `before`, or a field that was empty) needs none; changing a filled field does, so that
    the subject's history can say why the old value gave way. `ignore` lists fields that are no record (a
    display order). Returns the reason with its spacing normalised.
    """
    reason = " ".join((reason or "").split())
    if reason or not before:
        return reason
    after = after or {}
    changed = [k for k, old in before.items() if k not in ignore and _filled(old) and after.get(k) != old]
    if changed:
        raise ValidationError({"reason": message})
    return reason


def object_type_of(obj: Model) -> str:
    return obj._meta.label_lower


def audit_record(
    *, actor, action: str, obj: Model, before: dict | None = None, after: dict | None = None, reason: str = ""
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the service's transaction")
    key = require_key()  # without the key nothing is recorded, so the caller's change is rolled back too
    # Locking the head row (PostgreSQL) or holding the write lock (SQLite, IMMEDIATE)
    # serialises writers, so seq stays dense and each event links to the one before.
    head = AuditChainHead.objects.select_for_update().filter(id=1).first()
    if head is None:  # the migration creates it; a flushed test database may not have it
        head = AuditChainHead.objects.create(id=1, seq=0, hash=GENESIS_HASH)
    created_at = timezone.now().astimezone(UTC)
    actor_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
    actor_username = actor.get_username() if actor_id else ""
    fields = {
        "seq": head.seq + 1,
        "created_at": created_at,
        "actor_id": actor_id,
        "actor_username": actor_username,
        "action": action,
        "object_type": object_type_of(obj),
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:255],
        "before": before,
        "after": after,
        "reason": reason,
        "prev_hash": head.hash,
    }
    digest = compute_hash(event_payload(**fields), key)
    event = AuditEvent.objects.create(**fields, hash=digest, hash_scheme=HMAC_SHA256)
    AuditChainHead.objects.filter(id=1).update(seq=event.seq, hash=digest)
    events_recorded.send(sender=AuditEvent, actions=(action,))
    return event


def audit_record_many(
    *, actor, events: list[tuple[str, Model, dict | None, dict | None]], reason: str = "", batch_size: int = 2000
) -> int:
    """Append many events at once (imports): one head lock, hashes chained in order, bulk inserts.

    `events` holds (action, obj, before, after). Must run inside the caller's transaction.
    """
    if not events:
        return 0
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record_many must be called inside the service's transaction")
    key = require_key()
    head = AuditChainHead.objects.select_for_update().filter(id=1).first()
    if head is None:
        head = AuditChainHead.objects.create(id=1, seq=0, hash=GENESIS_HASH)
    actor_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
    actor_username = actor.get_username() if actor_id else ""
    created_at = timezone.now().astimezone(UTC)
    seq, prev_hash, pending = head.seq, head.hash, []
    for action, obj, before, after in events:
        seq += 1
        fields = {
            "seq": seq,
            "created_at": created_at,
            "actor_id": actor_id,
            "actor_username": actor_username,
            "action": action,
            "object_type": object_type_of(obj),
            "object_id": str(obj.pk),
            "object_repr": str(obj)[:255],
            "before": before,
            "after": after,
            "reason": reason,
            "prev_hash": prev_hash,
        }
        prev_hash = compute_hash(event_payload(**fields), key)
        pending.append(AuditEvent(**fields, hash=prev_hash, hash_scheme=HMAC_SHA256))
        if len(pending) >= batch_size:
            AuditEvent.objects.bulk_create(pending)
            pending = []
    AuditEvent.objects.bulk_create(pending)
    AuditChainHead.objects.filter(id=1).update(seq=seq, hash=prev_hash)
    events_recorded.send(sender=AuditEvent, actions=tuple({action for action, *_ in events}))
    return len(events)
