"""Hash chain of audit events: computing and verifying links.

Two link schemes, marked on each event (`hash_scheme`): events written before the installation had its key
keep their plain SHA-256 (`SHA256`); every later event is an HMAC-SHA256 under the key held outside the
database (`HMAC_SHA256`, see `keys.py`). Once a keyed event exists no plain event may follow it, so an
event forged without the key is caught whichever scheme it claims.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS_HASH = "0" * 64
SHA256 = 1  # before the key (events of installations older than audit/0004)
HMAC_SHA256 = 2  # keyed with AUDIT_HMAC_KEY_FILE


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


_KEYED: dict[bytes, hmac.HMAC] = {}


def compute_hash(payload: dict, key: bytes | None = None) -> str:
    """HMAC-SHA256 of the canonical payload under `key`; plain SHA-256 (the old scheme) without one."""
    data = canonical_json(payload).encode("utf-8")
    if key is None:
        return hashlib.sha256(data).hexdigest()
    keyed = _KEYED.get(key)
    if keyed is None:  # the key's inner and outer pads are hashed once, then copied for every event
        keyed = _KEYED[key] = hmac.new(key, digestmod=hashlib.sha256)
    digest = keyed.copy()
    digest.update(data)
    return digest.hexdigest()


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
    "hash_scheme",
)


def verify_rows(
    rows: Iterable[tuple],
    *,
    key: bytes | None = None,
    start_seq: int = 1,
    start_hash: str = GENESIS_HASH,
    summary: dict | None = None,
) -> ChainBreak | None:
    """First broken link of rows (`FIELDS` in that order, in `seq` order), or None when the chain holds.

    Four things are checked for every event: the numbers are dense (nothing deleted or inserted), each
    event names the hash of the one before (nothing swapped), its own hash matches its content (nothing
    edited), and no plain SHA-256 event follows a keyed one (nothing appended without the key). Keyed
    events are checked with `key`; without it they cannot be checked and the first one is reported.
    A rewrite of the plain part with every later hash recomputed passes these checks only if it also
    forges every keyed event, which needs the key; the head saved off the server catches the rest.
    `summary["keyed_from"]` is set to the first keyed event's number.
    """
    from datetime import UTC

    expected_prev, expected_seq, keyed_from = start_hash, start_seq, None
    for row in rows:
        seq, created_at, *content, prev_hash, digest, scheme = row
        if seq != expected_seq:
            return ChainBreak(expected_seq, f"thiếu hoặc sai thứ tự sự kiện (gặp #{seq})")
        if prev_hash != expected_prev:
            return ChainBreak(seq, "liên kết tới sự kiện trước không khớp")
        if scheme == HMAC_SHA256:
            if keyed_from is None:
                keyed_from = seq
                if summary is not None:
                    summary["keyed_from"] = seq
            if key is None:
                return ChainBreak(seq, "không có khóa ký nhật ký (AUDIT_HMAC_KEY_FILE) để kiểm tra chữ ký HMAC")
        elif scheme == SHA256:
            if keyed_from is not None:
                return ChainBreak(
                    seq, f"sự kiện không có chữ ký HMAC sau sự kiện đã ký #{keyed_from}: bị chèn hoặc sửa trực tiếp"
                )
        else:
            return ChainBreak(seq, f"kiểu băm không hợp lệ ({scheme!r})")
        payload = dict(zip(FIELDS[2:11], content, strict=True))
        payload.update(
            seq=seq, created_at=created_at.astimezone(UTC).isoformat(timespec="microseconds"), prev_hash=prev_hash
        )
        if compute_hash(payload, key if scheme == HMAC_SHA256 else None) != digest:
            return ChainBreak(seq, "nội dung sự kiện đã bị sửa")
        expected_prev, expected_seq = digest, expected_seq + 1
    return None


def verify_events(events: Iterable, *, key: bytes | None = None) -> ChainBreak | None:
    """`verify_rows` over model instances."""
    return verify_rows((tuple(getattr(event, name) for name in FIELDS) for event in events), key=key)
