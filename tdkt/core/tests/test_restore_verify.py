"""Issue #14, finding 13: restoring a tampered backup used to keep its data and leave the audit table writable.

Now `tdkt restore` reinstalls the append-only triggers, verifies the chain (and with --records every audited
row) and, when the copy fails, rolls back to the safety copy it took first. The tampered copies are made the
way an insider would, on whichever database runs the suite: triggers dropped, a value changed, a backup taken,
then the live database put back as it was.
"""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from tdkt.audit.db import append_only_problems, drop_append_only_triggers, install_append_only_triggers
from tdkt.audit.models import AuditEvent
from tdkt.audit.selectors import audit_chain_verify
from tdkt.core.backup import backup, data_digest
from tdkt.org.models import Person
from tdkt.records import services
from tdkt.records.models import CatalogueEntry

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def recorded(org):
    gk = CatalogueEntry.objects.get(code="GK")
    services.award_record(actor=org.admin, person=org.person_a, entry=gk, year=2025, kind="THUONG_XUYEN")
    return org


def _audit_table_refuses_writes() -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET reason = 'sửa lén'")
    except DatabaseError:
        return True
    return False


def _tampered_backup(path, *, event_edit: bool = True, person=None) -> None:
    """A backup of a database whose triggers are gone and (optionally) one event edited or a name changed;
    the live database is put back exactly as it was afterwards."""
    drop_append_only_triggers(connection)
    try:
        event = AuditEvent.objects.order_by("seq").last()
        if event_edit:
            AuditEvent.objects.filter(pk=event.pk).update(reason="lý do đã bị sửa")
        if person is not None:
            Person.objects.filter(pk=person.pk).update(full_name="Tên sửa lén")
        backup(path)
    finally:
        if event_edit:
            AuditEvent.objects.filter(pk=event.pk).update(reason=event.reason)
        if person is not None:
            Person.objects.filter(pk=person.pk).update(full_name=person.full_name)
        install_append_only_triggers(connection)


def test_a_tampered_backup_is_rolled_back(recorded, tmp_path):
    tampered = tmp_path / "tampered.bak"
    _tampered_backup(tampered)
    before = data_digest()
    assert audit_chain_verify() is None and append_only_problems(connection) == []
    refused = r"không qua kiểm tra: chuỗi nhật ký hỏng tại sự kiện #\d+.*Đã hủy khôi phục"
    with pytest.raises(CommandError, match=refused):
        call_command("restore", str(tampered))
    assert data_digest() == before  # the data is the data from before the restore
    assert audit_chain_verify() is None
    assert append_only_problems(connection) == [] and _audit_table_refuses_writes()
    assert not AuditEvent.objects.filter(reason="lý do đã bị sửa").exists()


def test_a_backup_without_its_triggers_gets_them_back(recorded, tmp_path, capsys):
    stripped = tmp_path / "no-triggers.bak"
    _tampered_backup(stripped, event_edit=False)  # the data is intact, only the protection is gone
    before = data_digest()
    call_command("restore", str(stripped))
    out = capsys.readouterr()
    assert "toàn vẹn" in out.out and "đã cài lại trigger" in out.err and "thiếu trigger" in out.err
    assert data_digest() == before
    assert append_only_problems(connection) == [] and _audit_table_refuses_writes()


def test_restore_records_refuses_a_backup_with_an_edited_row(recorded, tmp_path, capsys):
    edited = tmp_path / "edited-name.bak"
    _tampered_backup(edited, event_edit=False, person=recorded.person_a)
    before = data_digest()
    with pytest.raises(CommandError, match=r"dữ liệu lệch so với nhật ký \(org\.person #\d+, trường full_name\)"):
        call_command("restore", "--records", str(edited))
    assert data_digest() == before
    assert Person.objects.get(pk=recorded.person_a.pk).full_name == recorded.person_a.full_name
    assert append_only_problems(connection) == [] and _audit_table_refuses_writes()


def test_a_backup_missing_its_triggers_is_checked_row_by_row_without_records(recorded, tmp_path):
    """The chain alone cannot see a name changed while the triggers were off; a copy that lost its triggers
    is compared with the audit trail anyway, and rolled back on drift."""
    edited = tmp_path / "edited-name.bak"
    _tampered_backup(edited, event_edit=False, person=recorded.person_a)
    before = data_digest()
    with pytest.raises(CommandError, match=r"dữ liệu lệch so với nhật ký \(org\.person #\d+, trường full_name\)"):
        call_command("restore", str(edited))
    assert data_digest() == before  # the tampered name never went live
    assert Person.objects.get(pk=recorded.person_a.pk).full_name == recorded.person_a.full_name
    assert append_only_problems(connection) == [] and _audit_table_refuses_writes()


@pytest.mark.parametrize("options", [[], ["--records"]])
def test_a_clean_backup_with_an_issued_decision_restores(org, tmp_path, capsys, options):
    """A decision issued through tdkt (its authority audited by code) is no drift: a clean copy is kept."""
    from tdkt.audit.tests.test_records_drift_keys import issue_decision

    issue_decision(org)
    clean = tmp_path / "clean.bak"
    backup(clean)
    before = data_digest()
    call_command("restore", *options, str(clean))
    out = capsys.readouterr().out
    assert "Chuỗi nhật ký toàn vẹn" in out and ("khớp với nhật ký" in out) == bool(options)
    assert data_digest() == before
    assert append_only_problems(connection) == [] and _audit_table_refuses_writes()
