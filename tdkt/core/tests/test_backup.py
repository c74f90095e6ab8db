"""`tdkt backup` / `tdkt restore`: the data after a restore is exactly the data backed up (same SHA-256 of a
canonical export), the audit chain still verifies, and a bad file changes nothing."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tdkt.audit.selectors import audit_chain_verify
from tdkt.core.backup import data_digest
from tdkt.records import services
from tdkt.records.models import Award, CatalogueEntry

pytestmark = pytest.mark.django_db(transaction=True)


def test_restore_gives_back_exactly_the_data_backed_up(org, tmp_path, capsys):
    gk = CatalogueEntry.objects.get(code="GK")
    services.award_record(actor=org.admin, person=org.person_a, entry=gk, year=2025, kind="THUONG_XUYEN")
    before = data_digest()
    backup_file = tmp_path / "tdkt.bak"
    call_command("backup", str(backup_file))
    assert backup_file.stat().st_size > 0 and before in capsys.readouterr().out
    # life goes on after the backup: a new award, a revocation
    later = services.award_record(actor=org.admin, person=org.person_a1, entry=gk, year=2025, kind="DOT_XUAT")
    assert data_digest() != before
    call_command("restore", str(backup_file))
    out = capsys.readouterr().out
    assert data_digest() == before and before in out and "toàn vẹn" in out
    assert not Award.objects.filter(pk=later.pk).exists()
    assert audit_chain_verify() is None
    # the data replaced by the restore was kept beside the backups
    import re

    safety = Path(re.search(r"được lưu ở (\S+?)\.\s", out).group(1))
    assert safety.is_file() and safety.stat().st_size > 0


def test_a_file_that_is_not_a_backup_changes_nothing(org, tmp_path):
    before = data_digest()
    bogus = tmp_path / "khong-phai-sao-luu.bak"
    bogus.write_bytes(b"PK\x03\x04 day la mot tep XLSX, khong phai ban sao luu")
    with pytest.raises(CommandError, match="không phải bản sao lưu|thất bại"):
        call_command("restore", str(bogus))
    with pytest.raises(CommandError, match="Không tìm thấy tệp sao lưu"):
        call_command("restore", str(tmp_path / "missing.bak"))
    assert data_digest() == before


def test_the_digest_sees_a_single_changed_value(org):
    before = data_digest()
    org.person_a.full_name = org.person_a.full_name + " "
    org.person_a.save(update_fields=["full_name"])
    assert data_digest() != before
