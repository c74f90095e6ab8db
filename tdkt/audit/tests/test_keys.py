"""Issue #14, finding 18: the chain is keyed with a secret held outside the database.

An event appended straight into the database with a correctly chained SHA-256 hash used to pass
`tdkt audit verify --head`; now it fails whatever scheme it claims. Chains written before the key keep
verifying, and a rewrite of the whole chain in the old scheme is caught by the saved head.
"""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from tdkt.audit.chain import FIELDS, GENESIS_HASH, HMAC_SHA256, SHA256, compute_hash, event_payload, verify_rows
from tdkt.audit.db import drop_append_only_triggers
from tdkt.audit.keys import AuditKeyError, generate_key_file, load_key, require_key
from tdkt.audit.models import AuditChainHead, AuditEvent
from tdkt.audit.selectors import audit_chain_verify, audit_head
from tdkt.audit.services import audit_record
from tdkt.org import services as org_services
from tdkt.org.models import Unit
from tdkt.org.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _chain(n: int) -> None:
    unit = UnitFactory()
    with transaction.atomic():
        for i in range(n):
            audit_record(actor=None, action="org.unit.updated", obj=unit, before={"n": i}, after={"n": i + 1})


def _forge(*, scheme: int, key: bytes | None = None) -> AuditEvent:
    """What an insider with write access to the database does: read the head, chain a new event to it."""
    seq, prev = audit_head()
    fields = {
        "seq": seq + 1,
        "created_at": datetime.now(UTC),
        "actor_id": None,
        "actor_username": "admin",
        "action": "records.award.created",
        "object_type": "records.award",
        "object_id": "999",
        "object_repr": "Huân chương không có thật",
        "before": None,
        "after": {"year": 2025},
        "reason": "",
        "prev_hash": prev,
    }
    digest = compute_hash(event_payload(**fields), key)
    event = AuditEvent.objects.create(**fields, hash=digest, hash_scheme=scheme)
    AuditChainHead.objects.filter(id=1).update(seq=event.seq, hash=digest)
    return event


def _head_file(tmp_path):
    path = tmp_path / "head.json"
    call_command("audit", "head", "--output", str(path))
    return path


@pytest.mark.parametrize(
    ("scheme", "key", "problem"),
    [
        (HMAC_SHA256, None, "nội dung sự kiện đã bị sửa"),  # claims to be keyed, hashed with plain SHA-256
        (SHA256, None, "sự kiện không có chữ ký HMAC sau sự kiện đã ký #1"),  # claims the old scheme after keyed events
        (HMAC_SHA256, b"k" * 64, "nội dung sự kiện đã bị sửa"),  # keyed with a guessed key
    ],
)
def test_an_event_forged_without_the_key_fails_verification(tmp_path, scheme, key, problem):
    _chain(3)
    head_file = _head_file(tmp_path)
    assert audit_chain_verify() is None
    forged = _forge(scheme=scheme, key=key)
    assert AuditEvent.objects.filter(pk=forged.pk).exists()  # the forgery is in the table ...
    with pytest.raises(CommandError, match=f"#{forged.seq}: {problem}"):  # ... and verification names it
        call_command("audit", "verify", "--head", str(head_file))
    with pytest.raises(CommandError, match=f"#{forged.seq}"):
        call_command("audit", "verify")


def test_events_are_keyed_and_need_the_key_to_verify(settings, tmp_path):
    _chain(2)
    assert set(AuditEvent.objects.values_list("hash_scheme", flat=True)) == {HMAC_SHA256}
    last = AuditEvent.objects.order_by("seq").last()
    row = tuple(getattr(last, name) for name in FIELDS)
    plain = compute_hash(
        event_payload(**{name: getattr(last, name) for name in FIELDS if name not in ("hash", "hash_scheme")})
    )
    assert last.hash != plain  # not a plain SHA-256 of the content
    assert verify_rows([row], key=require_key(), start_seq=last.seq, start_hash=last.prev_hash) is None
    settings.AUDIT_HMAC_KEY_FILE = tmp_path / "missing-key"
    broken = audit_chain_verify()
    assert broken is not None and "không có khóa ký nhật ký" in broken.problem
    other = tmp_path / "other-key"
    generate_key_file(other)
    settings.AUDIT_HMAC_KEY_FILE = other
    assert audit_chain_verify().problem == "nội dung sự kiện đã bị sửa"  # another installation's key


def test_without_the_key_nothing_is_written(settings, tmp_path, org):
    settings.AUDIT_HMAC_KEY_FILE = tmp_path / "missing-key"
    events, units = AuditEvent.objects.count(), Unit.objects.count()
    with pytest.raises(AuditKeyError, match="Thiếu khóa ký nhật ký"):
        org_services.unit_create(actor=org.admin, code="MOI", name="Đơn vị mới", parent=org.a)
    assert (AuditEvent.objects.count(), Unit.objects.count()) == (events, units)  # the unit was rolled back too


def test_a_short_key_file_is_refused(settings, tmp_path):
    short = tmp_path / "short-key"
    short.write_text("ngan")
    settings.AUDIT_HMAC_KEY_FILE = short
    with pytest.raises(AuditKeyError, match="quá ngắn"):
        load_key()


def test_keygen_creates_a_private_key_once(settings, tmp_path, capsys):
    settings.AUDIT_HMAC_KEY_FILE = tmp_path / "keys" / "audit_hmac_key"
    call_command("audit", "keygen")
    first = settings.AUDIT_HMAC_KEY_FILE.read_text()
    assert "Đã tạo khóa" in capsys.readouterr().out
    assert settings.AUDIT_HMAC_KEY_FILE.stat().st_mode & 0o777 == 0o600 and len(first.strip()) == 64
    call_command("audit", "keygen")
    assert "đã có; không thay đổi" in capsys.readouterr().out
    assert settings.AUDIT_HMAC_KEY_FILE.read_text() == first


def _legacy_rows(n: int) -> list[AuditEvent]:
    stamp, prev, rows = datetime(2025, 1, 1, tzinfo=UTC), GENESIS_HASH, []
    for seq in range(1, n + 1):
        fields = {
            "seq": seq,
            "created_at": stamp + timedelta(minutes=seq),
            "actor_id": None,
            "actor_username": "",
            "action": "org.unit.updated",
            "object_type": "org.unit",
            "object_id": "1",
            "object_repr": "Đơn vị cũ",
            "before": None,
            "after": {"n": seq},
            "reason": "trước khi có khóa",
            "prev_hash": prev,
        }
        prev = compute_hash(event_payload(**fields))  # the old scheme: plain SHA-256
        rows.append(AuditEvent(**fields, hash=prev, hash_scheme=SHA256))
    return rows


def test_a_chain_begun_before_the_key_still_verifies(tmp_path, capsys):
    """An installation upgraded to the key: its old events keep their SHA-256 links (audit/0004 marks them),
    new events are keyed after them; a rewrite of the keyed part back into the old scheme is caught by the
    saved head, which records where the keyed events begin."""
    with transaction.atomic():
        sid = transaction.savepoint()
        drop_append_only_triggers(connection)
        AuditEvent.objects.all().delete()
        legacy = AuditEvent.objects.bulk_create(_legacy_rows(4))
        AuditChainHead.objects.update_or_create(id=1, defaults={"seq": 4, "hash": legacy[-1].hash})
        _chain(2)
        assert list(AuditEvent.objects.order_by("seq").values_list("hash_scheme", flat=True)) == [1, 1, 1, 1, 2, 2]
        call_command("audit", "verify")
        assert "#1–#4 băm SHA-256 (trước khi có khóa), từ #5 ký HMAC" in capsys.readouterr().out
        head_file = _head_file(tmp_path)
        assert json.loads(head_file.read_text())["keyed_from"] == 5
        call_command("audit", "verify", "--head", str(head_file))
        # the insider rewrites events 5 and 6 in the old scheme and moves the head: the chain alone holds ...
        prev = legacy[-1].hash
        for event in AuditEvent.objects.filter(seq__gt=4).order_by("seq"):
            fields = {name: getattr(event, name) for name in FIELDS if name not in ("hash", "hash_scheme")}
            fields["prev_hash"] = prev
            prev = compute_hash(event_payload(**fields))
            AuditEvent.objects.filter(pk=event.pk).update(prev_hash=fields["prev_hash"], hash=prev, hash_scheme=1)
        AuditChainHead.objects.filter(id=1).update(hash=prev)
        call_command("audit", "verify")
        with pytest.raises(CommandError, match="viết lại"):  # ... the saved head does not
            call_command("audit", "verify", "--head", str(head_file))
        transaction.savepoint_rollback(sid)
    assert audit_chain_verify() is None
