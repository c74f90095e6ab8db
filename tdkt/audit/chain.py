"""Hash chain of audit events: computing and verifying links."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS_HASH = "0" * 64


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_payload(
    *,
    seq,
    created_at,
    actor_id,
    actor_username,
    action,
    object_type,
    object_id,
    object_repr,
    before,
    after,
    reason,
    prev_hash,
) -> dict:
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


FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_username",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "reason",
    "prev_hash",
    "hash",
)


def verify_rows(rows: Iterable[tuple], *, start_seq: int = 1, start_hash: str = GENESIS_HASH) -> ChainBreak | None:
    """First broken link of rows (`FIELDS` in that order, in `seq` order), or None when the chain holds.

    Three things are checked for every event: the numbers are dense (nothing deleted or inserted), each
    event names the hash of the one before (nothing swapped), and its own hash matches its content
    (nothing edited). A history rewritten with every later hash recomputed passes these checks; only a
    head kept off the server (`tdkt audit head`) catches it.
    """
    from datetime import UTC

    expected_prev, expected_seq = start_hash, start_seq
    for row in rows:
        seq, created_at, *content, prev_hash, digest = row
        if seq != expected_seq:
            return ChainBreak(expected_seq, f"thiếu hoặc sai thứ tự sự kiện (gặp #{seq})")
        if prev_hash != expected_prev:
            return ChainBreak(seq, "liên kết tới sự kiện trước không khớp")
        payload = dict(zip(FIELDS[2:11], content, strict=True))
        payload.update(
            seq=seq, created_at=created_at.astimezone(UTC).isoformat(timespec="microseconds"), prev_hash=prev_hash
        )
        if compute_hash(payload) != digest:
            return ChainBreak(seq, "nội dung sự kiện đã bị sửa")
        expected_prev, expected_seq = digest, expected_seq + 1
    return None


def verify_events(events: Iterable) -> ChainBreak | None:
    """`verify_rows` over model instances."""
    return verify_rows(tuple(getattr(event, name) for name in FIELDS) for event in events)
