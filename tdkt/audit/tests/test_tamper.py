"""Tampering with the stored chain is always detected: 100 random edits, deletions, swaps and rewrites.

Each case tampers inside a savepoint with the append-only triggers dropped (as someone with direct access
to the database would), runs the verifier, then rolls everything back. A rewrite that recomputes every
later hash and the head passes the chain check by construction: the head saved off the server catches it.
"""

import json
import random
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from tdkt.audit.chain import FIELDS, compute_hash, event_payload
from tdkt.audit.db import drop_append_only_triggers
from tdkt.audit.keys import require_key
from tdkt.audit.models import AuditChainHead, AuditEvent
from tdkt.audit.selectors import audit_chain_verify, audit_head
from tdkt.audit.services import audit_record
from tdkt.org.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
KINDS = ("edit", "delete", "swap", "rewrite")


def _chain(n: int) -> None:
    unit = UnitFactory()
    with transaction.atomic():
        for i in range(n):
            audit_record(
                actor=None, action="org.unit.updated", obj=unit, before={"n": i}, after={"n": i + 1}, reason=f"lần {i}"
            )


def _edit(event: AuditEvent, rng: random.Random) -> None:
    field, value = rng.choice(
        [
            ("reason", "đã sửa"),
            ("after", {"n": -1}),
            ("actor_username", "ke.gian"),
            ("action", "org.unit.deleted"),
            ("created_at", event.created_at + timedelta(seconds=1)),
            ("object_id", "999999"),
        ]
    )
    AuditEvent.objects.filter(pk=event.pk).update(**{field: value})


def _rewrite_from(seq: int) -> None:
    """Edit event `seq`, then recompute its hash, every later one and the head, as a careful forger who also
    stole the key would (without the key the rewrite fails at once: test_keys.py)."""
    rows = list(AuditEvent.objects.filter(seq__gte=seq).order_by("seq"))
    prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    for i, event in enumerate(rows):
        fields = {name: getattr(event, name) for name in FIELDS if name not in ("hash", "hash_scheme")}
        if i == 0:
            fields["reason"] = "lý do đã bị viết lại"
        fields["prev_hash"] = prev
        prev = compute_hash(event_payload(**fields), require_key())
        AuditEvent.objects.filter(pk=event.pk).update(reason=fields["reason"], prev_hash=fields["prev_hash"], hash=prev)
    AuditChainHead.objects.filter(id=1).update(hash=prev)


def _tamper(kind: str, rng: random.Random, last: int) -> None:
    seq = rng.randint(1, last)
    if kind == "edit":
        _edit(AuditEvent.objects.get(seq=seq), rng)
    elif kind == "delete":
        AuditEvent.objects.filter(seq=seq).delete()
    elif kind == "swap":
        other = rng.choice([s for s in range(1, last + 1) if s != seq])
        a, b = AuditEvent.objects.get(seq=seq), AuditEvent.objects.get(seq=other)
        AuditEvent.objects.filter(pk=a.pk).update(seq=-1)
        AuditEvent.objects.filter(pk=b.pk).update(seq=a.seq)
        AuditEvent.objects.filter(pk=a.pk).update(seq=b.seq)
    else:
        _rewrite_from(seq)


def test_one_hundred_random_tamperings_are_all_detected():
    _chain(120)
    saved = audit_head()
    assert audit_chain_verify(head=saved) is None
    rng = random.Random(20261202)
    seen = {kind: 0 for kind in KINDS}
    for case in range(100):
        kind = KINDS[case % 4] if case < 8 else rng.choice(KINDS)
        seen[kind] += 1
        with transaction.atomic():
            sid = transaction.savepoint()
            drop_append_only_triggers(connection)
            _tamper(kind, rng, saved[0])
            broken = audit_chain_verify(head=saved, batch_size=37)  # batches cut across tampered events too
            transaction.savepoint_rollback(sid)
        assert broken is not None, f"case {case} ({kind}) was not detected"
        if kind != "rewrite":
            assert 1 <= broken.seq <= saved[0]
    assert all(seen.values())
    assert audit_chain_verify(head=saved) is None  # everything was rolled back, the triggers are back


def test_a_rewritten_history_passes_the_chain_but_not_the_saved_head(tmp_path, capsys):
    _chain(10)
    head_file = tmp_path / "head.json"
    call_command("audit", "head", "--output", str(head_file))
    saved = json.loads(head_file.read_text())
    assert (saved["seq"], saved["hash"]) == audit_head()
    with transaction.atomic():
        sid = transaction.savepoint()
        drop_append_only_triggers(connection)
        _rewrite_from(saved["seq"] - 4)
        call_command("audit", "verify")  # the chain alone holds ...
        assert "toàn vẹn" in capsys.readouterr().out
        with pytest.raises(CommandError, match=f"#{saved['seq']}: .*viết lại"):  # ... the saved head does not
            call_command("audit", "verify", "--head", str(head_file))
        transaction.savepoint_rollback(sid)
    call_command("audit", "verify", "--head", str(head_file))
    assert f"khớp đầu chuỗi đã lưu #{saved['seq']}" in capsys.readouterr().out


def test_a_truncated_chain_is_caught_by_the_saved_head(tmp_path):
    _chain(5)
    head_file = tmp_path / "head.txt"
    seq, digest = audit_head()
    head_file.write_text(f"{seq} {digest}\n")  # the plain form is accepted too
    with transaction.atomic():
        sid = transaction.savepoint()
        drop_append_only_triggers(connection)
        last = AuditEvent.objects.get(seq=seq)
        AuditEvent.objects.filter(pk=last.pk).delete()
        AuditChainHead.objects.filter(id=1).update(seq=seq - 1, hash=last.prev_hash)
        call_command("audit", "verify")  # a consistent shorter chain ...
        with pytest.raises(CommandError, match="ngắn hơn"):
            call_command("audit", "verify", "--head", str(head_file))
        transaction.savepoint_rollback(sid)


def test_a_malformed_head_file_is_refused_clearly(tmp_path):
    bad = tmp_path / "head.json"
    bad.write_text("không phải đầu chuỗi")
    with pytest.raises(CommandError, match="không phải đầu chuỗi"):
        call_command("audit", "verify", "--head", str(bad))
    with pytest.raises(CommandError, match="Không đọc được"):
        call_command("audit", "verify", "--head", str(tmp_path / "missing.json"))
