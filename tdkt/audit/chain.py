"""Hash chain of audit events: computing and verifying links."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS_HASH = "0" * 64


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_payload(*, seq, created_at, actor_id, actor_username, action, object_type, object_id,
                  object_repr, before, after, reason, prev_hash) -> dict:
    return {
        "seq": seq,
        "created_at": created_at.isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_username": actor_username,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "before": before,
        "after": after,
        "reason": reason,
        "prev_hash": prev_hash,
    }


def compute_hash(payload: dict) -> str:
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    problem: str


def verify_events(events: Iterable) -> ChainBreak | None:
    """First broken link of events given in `seq` order, or None when the chain holds."""
    from datetime import UTC

    expected_prev, expected_seq = GENESIS_HASH, 1
    for event in events:
        if event.seq != expected_seq:
            return ChainBreak(expected_seq, f"thiếu hoặc sai thứ tự sự kiện (gặp #{event.seq})")
        if event.prev_hash != expected_prev:
            return ChainBreak(event.seq, "liên kết tới sự kiện trước không khớp")
        payload = event_payload(
            seq=event.seq, created_at=event.created_at.astimezone(UTC), actor_id=event.actor_id,
            actor_username=event.actor_username, action=event.action, object_type=event.object_type,
            object_id=event.object_id, object_repr=event.object_repr, before=event.before,
            after=event.after, reason=event.reason, prev_hash=event.prev_hash,
        )
        if compute_hash(payload) != event.hash:
            return ChainBreak(event.seq, "nội dung sự kiện đã bị sửa")
        expected_prev, expected_seq = event.hash, expected_seq + 1
    return None
