import json
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command

from tdkt.audit.models import AuditEvent
from tdkt.exchange import services
from tdkt.exchange.export import export_records
from tdkt.exchange.tests.helpers import AWARD_HEADER, PERSON_HEADER, RATING_HEADER, good_sheets, write_workbook
from tdkt.org.models import Person, Transfer, Unit
from tdkt.org.services import system_actor
from tdkt.records.models import Award, Decision, Discipline, Initiative, YearlyRating

RECORD_MODELS = (Unit, Person, Transfer, YearlyRating, Initiative, Discipline, Decision, Award)


def state() -> dict:
    return {m.__name__: sorted(map(str, m.objects.values_list())) for m in RECORD_MODELS}


def run_import(path: Path, actor=None, dry_run: bool = False):
    job = services.import_job_create(actor=actor or system_actor(), path=path)
    plan = services.import_validate(job=job)
    if plan.ok and not dry_run:
        services.import_apply(job=job, plan=plan)
    job.refresh_from_db()
    return job, plan


def test_a_good_file_is_imported_and_reimporting_changes_nothing(org, tmp_path):
    path = write_workbook(tmp_path / "tot.xlsx", good_sheets())
    job, plan = run_import(path, actor=org.officer_a)
    assert plan.ok, plan.problems
    assert job.status == "DONE"
    person = Person.objects.get(code="N-001")
    assert (person.unit.code, person.rank, str(person.birth_date)) == ("CCT-MOI", "DAI_UY", "1992-03-12")
    assert Award.objects.filter(person=person).count() == 2
    assert Award.objects.get(unit__code="CCT-MOI").decision.number == "47/QĐ-BTL"
    assert AuditEvent.objects.filter(action="org.person.created", object_id=str(person.pk)).exists()
    assert AuditEvent.objects.filter(action="exchange.import.applied").count() == 1

    before = state()
    job2, plan2 = run_import(path, actor=org.officer_a)
    assert state() == before
    assert all(set(c) == {"unchanged"} for c in plan2.summary().values()), plan2.summary()


def test_dry_run_writes_nothing(org, tmp_path):
    path = write_workbook(tmp_path / "tot.xlsx", good_sheets())
    before = state()
    job, plan = run_import(path, dry_run=True)
    assert plan.ok and plan.summary()["CaNhan"] == {"create": 2}
    assert state() == before


def test_changed_rows_are_updated_and_a_new_unit_is_a_transfer(org, tmp_path):
    run_import(write_workbook(tmp_path / "a.xlsx", good_sheets()))
    sheets = good_sheets()
    sheets["CaNhan"][1][5] = "Trưởng ban"  # position changed
    sheets["CaNhan"][2][8] = "CCT-TH"  # moved to another unit
    sheets["CaNhan"][2][9] = "01/06/2025"
    sheets["DanhGia"][2][3] = "HTXSNV"
    job, plan = run_import(write_workbook(tmp_path / "b.xlsx", sheets))
    assert plan.ok, plan.problems
    assert plan.summary()["CaNhan"] == {"update": 2} and plan.summary()["DanhGia"]["update"] == 1
    moved = Person.objects.get(code="N-002")
    assert moved.unit.code == "CCT-TH" and moved.transfers.count() == 2
    assert Person.objects.get(code="N-001").position == "Trưởng ban"


def test_names_in_nfd_are_normalised_not_rejected(org, tmp_path):
    sheets = good_sheets()
    sheets["CaNhan"][1][1] = unicodedata.normalize("NFD", "Võ Thị Ánh")
    job, plan = run_import(write_workbook(tmp_path / "nfd.xlsx", sheets))
    assert plan.ok
    assert Person.objects.get(code="N-001").full_name == unicodedata.normalize("NFC", "Võ Thị Ánh")


def _errors_for(tmp_path, sheets, name="xau.xlsx"):
    before = state()
    job, plan = run_import(write_workbook(tmp_path / name, sheets))
    assert not plan.ok and job.status == "INVALID"
    assert state() == before  # nothing written
    return [(e["sheet"], e["row"], e["column"], e["message"]) for e in job.report["errors"]]


def test_a_file_without_any_known_sheet(org, tmp_path):
    errors = _errors_for(tmp_path, {"Sheet1": [["a", "b"], [1, 2]]})
    assert "không có trang tính nào" in errors[0][3]


def test_a_missing_required_column(org, tmp_path):
    sheets = good_sheets()
    sheets["CaNhan"] = [[h for h in PERSON_HEADER if h != "ma_don_vi"]] + [r[:8] + r[9:] for r in sheets["CaNhan"][1:]]
    errors = _errors_for(tmp_path, sheets)
    assert ("CaNhan", 1, "Mã đơn vị", "Thiếu cột bắt buộc.") in errors


@pytest.mark.parametrize(
    "sheet, row, col, value, column, message",
    [
        ("CaNhan", 1, 2, "31/02/2024", "Ngày sinh", "không tồn tại"),
        ("CaNhan", 1, 2, "2024/13/45", "Ngày sinh", "không đúng định dạng"),
        ("CaNhan", 1, 6, "GENERAL", "Đối tượng", "Mã không hợp lệ"),
        ("CaNhan", 1, 4, "Đại nguyên soái", "Cấp bậc", "Cấp bậc không hợp lệ"),
        ("CaNhan", 1, 8, "KHONG-CO", "Mã đơn vị", "Không tìm thấy đơn vị"),
        ("DanhGia", 1, 2, 1985, "Năm", "trước năm sinh"),
        ("DanhGia", 1, 2, 2099, "Năm", "không hợp lệ"),
        ("DanhGia", 1, 2, "23", "Năm", "bốn chữ số"),
        ("DanhGia", 1, 3, "XUAT_SAC", "Mức độ hoàn thành nhiệm vụ", "Mã không hợp lệ"),
        ("DanhGia", 1, 1, "AI-DO", "Mã đối tượng", "Không tìm thấy cá nhân"),
        ("KhenThuong", 1, 2, "CSTT_X", "Mã danh hiệu / hình thức", "không có trong danh mục"),
        ("KhenThuong", 1, 2, "DVQT", "Mã danh hiệu / hình thức", "không dùng để khen thưởng cá nhân"),
        ("CaNhan", 1, 1, '=CONCATENATE("A","B")', "Họ và tên", "công thức"),
    ],
)
def test_bad_cells_are_reported_with_sheet_row_column_and_reason(
    org, tmp_path, sheet, row, col, value, column, message
):
    sheets = good_sheets()
    sheets[sheet][row][col] = value
    errors = _errors_for(tmp_path, sheets)
    assert any(e[0] == sheet and e[1] == row + 1 and e[2] == column and message in e[3] for e in errors), errors


def test_duplicate_codes_inside_a_file(org, tmp_path):
    sheets = good_sheets()
    sheets["CaNhan"].append(list(sheets["CaNhan"][1]))
    errors = _errors_for(tmp_path, sheets)
    assert ("CaNhan", 4, "Mã cá nhân", "Trùng với dòng 2 trong cùng tệp.") in errors


def test_a_title_twice_in_a_year_inside_a_file(org, tmp_path):
    sheets = good_sheets()
    sheets["KhenThuong"].append(["CA_NHAN", "N-001", "CSTT", 2023, "", "99/QĐ-CCT", "", "", "", ""])
    errors = _errors_for(tmp_path, sheets)
    assert any("mỗi năm chỉ một lần" in e[3] for e in errors)


def test_an_award_for_a_dissolved_unit_after_its_dissolution(org, tmp_path):
    from datetime import date

    from tdkt.org.services import unit_dissolve

    unit_dissolve(actor=org.admin, unit=org.a11, dissolved_on=date(2022, 12, 31), successor=org.a1)
    sheets = {"KhenThuong": [AWARD_HEADER, ["TAP_THE", "CCT-TH-TDKT", "DVTT", 2023, "", "", "", "", "", ""]]}
    errors = _errors_for(tmp_path, sheets)
    assert any("đã giải thể" in e[3] for e in errors)


def test_a_person_outside_the_importers_remit(org, tmp_path):
    sheets = {
        "DanhGia": [RATING_HEADER, ["CA_NHAN", "P-B", 2023, "HTTNV"]],
        "CaNhan": [PERSON_HEADER, ["N-9", "Ai Đó", "", "", "", "", "QNCN", "", "CHC-QY", ""]],
    }
    before = state()
    job, plan = run_import(write_workbook(tmp_path / "ngoai.xlsx", sheets), actor=org.officer_a)
    assert not plan.ok and state() == before
    assert any("Ngoài phạm vi quản lý của bạn" in p.message for p in plan.problems)


def test_a_non_xlsx_file_renamed(org, tmp_path):
    path = tmp_path / "gia.xlsx"
    path.write_bytes(b"MZ\x90\x00 this is an executable, not a workbook" * 100)
    before = state()
    job, plan = run_import(path)
    assert not plan.ok and "không phải là tệp Excel" in plan.problems[0].message
    assert state() == before


def test_a_damaged_zip_renamed_xlsx(org, tmp_path):
    import zipfile

    path = tmp_path / "hong.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    job, plan = run_import(path)
    assert not plan.ok and "Excel" in plan.problems[0].message


def test_unknown_sheets_and_columns_are_warnings(org, tmp_path):
    sheets = good_sheets()
    sheets["GhiChu"] = [["x"], ["y"]]
    sheets["DanhGia"][0].append("cot_la")
    job, plan = run_import(write_workbook(tmp_path / "thua.xlsx", sheets))
    assert plan.ok
    assert {w["sheet"] for w in job.report["warnings"]} == {"GhiChu", "DanhGia"}


def test_json_files_follow_the_same_contract(org, tmp_path):
    data = {
        "CaNhan": [
            {
                "ma_ca_nhan": "J-1",
                "ho_ten": "Lý Văn Hải",
                "ngay_sinh": "1991-02-03",
                "doi_tuong": "QNCN",
                "ma_don_vi": "CCT",
            }
        ],
        "DanhGia": [{"loai_doi_tuong": "CA_NHAN", "ma_doi_tuong": "J-1", "nam": 2024, "muc_do": "HTTNV"}],
    }
    path = tmp_path / "du-lieu.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    job, plan = run_import(path)
    assert plan.ok and YearlyRating.objects.get(person__code="J-1").rating == "HTTNV"
    bad = tmp_path / "xau.json"
    bad.write_text(json.dumps({"CaNhan": [{"ma_ca_nhan": "J-2", "ngay_sinh": "31/02/2024"}]}), encoding="utf-8")
    job, plan = run_import(bad)
    messages = {(p.column, p.message) for p in plan.problems}
    assert ("Họ và tên", "Thiếu giá trị bắt buộc.") in messages
    assert ("Ngày sinh", "Ngày không tồn tại trong lịch.") in messages


def test_the_cli_exits_non_zero_and_writes_nothing_on_errors(org, tmp_path, capsys):
    sheets = good_sheets()
    sheets["CaNhan"][1][2] = "31/02/2024"
    path = write_workbook(tmp_path / "loi.xlsx", sheets)
    report = tmp_path / "bao-cao.xlsx"
    before = state()
    with pytest.raises(SystemExit) as exc:
        call_command("import", str(path), "--report", str(report))
    assert exc.value.code == 1 and state() == before
    out = capsys.readouterr().out
    assert "CaNhan, dòng 2, cột Ngày sinh [31/02/2024]: Ngày không tồn tại trong lịch." in out
    from openpyxl import load_workbook

    rows = list(load_workbook(report).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("Trang tính", "Dòng", "Cột", "Giá trị", "Lý do")
    assert ("CaNhan", 2, "Ngày sinh", "31/02/2024") == rows[1][:4]


def test_the_cli_dry_run_and_import(org, tmp_path, capsys):
    path = write_workbook(tmp_path / "tot.xlsx", good_sheets())
    call_command("import", str(path), "--dry-run")
    assert "CaNhan: thêm mới 2" in capsys.readouterr().out and not Person.objects.filter(code="N-001").exists()
    call_command("import", str(path))
    assert Person.objects.filter(code="N-001").exists()


@pytest.mark.parametrize("suffix", ["xlsx", "json"])
def test_export_then_import_into_an_empty_database_reproduces_the_records(transactional_db, tmp_path, suffix):
    from datetime import date

    from tdkt.org.tests.factories import build_org_tree
    from tdkt.records import services as record_services
    from tdkt.records.models import CatalogueEntry

    org = build_org_tree()
    run_import(write_workbook(tmp_path / "seed.xlsx", good_sheets()))
    award = Award.objects.get(person__code="N-001", entry__code="CSTDCS")
    record_services.award_revoke(
        actor=org.admin,
        award=award,
        decision_number="2/QĐ-CCT",
        decision_date=date(2024, 5, 2),
        reason="Sai quy trình",
        issuer="Cục Chính trị",
    )
    record_services.award_record(
        actor=org.admin,
        person=org.person_b,
        entry=CatalogueEntry.objects.get(code="BK_BQP"),
        year=2022,
        decision_number="1234/QĐ-BQP",
        decision_date=date(2023, 3, 1),
        issuer="Bộ Quốc phòng",
        achievement="Hoàn thành xuất sắc nhiệm vụ hai năm liền",
    )
    expected = canonical()
    assert all(expected.values()), "the seed must fill every table"
    exported = tmp_path / f"xuat.{suffix}"
    export_records(exported, actor=system_actor())
    call_command("flush", interactive=False, verbosity=0)
    assert not Person.objects.exists()
    job, plan = run_import(exported)
    assert plan.ok, plan.problems[:5]
    assert canonical() == expected


def canonical() -> dict:
    """Every record by natural key, ids replaced by codes: what export → import must preserve."""
    units = {
        u.code: (
            u.name,
            u.short_name,
            u.unit_type,
            u.parent.code if u.parent else None,
            u.founded_on,
            u.dissolved_on,
            u.successor.code if u.successor else None,
        )
        for u in Unit.objects.all()
    }
    people = {
        p.code: (
            p.full_name,
            p.birth_date,
            p.gender,
            p.rank,
            p.position,
            p.category,
            p.service_start,
            p.unit.code,
            p.unit_since,
        )
        for p in Person.objects.all()
    }

    def subject(r):
        return ("CA_NHAN", r.person.code) if r.person_id else ("TAP_THE", r.unit.code)

    ratings = {(*subject(r), r.year): r.rating for r in YearlyRating.objects.all()}
    initiatives = {
        (i.person.code, i.year, i.name): (i.initiative_type, i.scope, i.decision_number)
        for i in Initiative.objects.all()
    }
    disciplines = {
        (d.person.code, d.decided_on, d.form): (d.decision_number, d.until, d.reason) for d in Discipline.objects.all()
    }
    awards = {
        (*subject(a), a.entry.code, a.year, a.decision.number if a.decision else ""): (
            a.kind,
            a.achievement,
            a.status,
            a.decision.signed_on if a.decision else None,
            a.decision.issuer if a.decision else "",
            a.revoked_by.number if a.revoked_by else None,
            a.revoked_on,
            a.revocation_reason,
        )
        for a in Award.objects.all()
    }
    return {
        "units": units,
        "people": people,
        "ratings": ratings,
        "initiatives": initiatives,
        "disciplines": disciplines,
        "awards": awards,
    }


def test_a_minimal_people_sheet_with_only_the_required_columns(org, tmp_path):
    sheets = {"CaNhan": [["Mã cá nhân", "Họ và tên", "Mã đơn vị"], ["m-1", "Tạ Văn Tám", "cct-th"]]}
    job, plan = run_import(write_workbook(tmp_path / "toi-thieu.xlsx", sheets))
    assert plan.ok, plan.problems
    person = Person.objects.get(code="M-1")
    assert (person.unit.code, person.category, person.rank) == ("CCT-TH", "", "")


@pytest.mark.parametrize(
    "column, value, field, expected",
    [
        (3, "Nữ", "gender", "NU"),
        (6, "Sĩ quan", "category", "SI_QUAN"),
        (6, "quan nhan chuyen nghiep", "category", "QNCN"),
        (4, "4/", "rank", "DAI_UY"),
        (4, "2//", "rank", "TRUNG_TA"),
        (4, "Thiếu tá QNCN", "rank", "THIEU_TA"),
        (4, "thuong si", "rank", "THUONG_SI"),
    ],
)
def test_codes_can_be_written_as_people_write_them(org, tmp_path, column, value, field, expected):
    sheets = good_sheets()
    sheets["CaNhan"][1][column] = value
    job, plan = run_import(write_workbook(tmp_path / "nhan.xlsx", sheets))
    assert plan.ok, plan.problems
    assert getattr(Person.objects.get(code="N-001"), field) == expected


def test_rating_and_subject_labels_are_accepted(org, tmp_path):
    sheets = {"DanhGia": [RATING_HEADER, ["Cá nhân", "p-a", "2024", "Hoàn thành xuất sắc nhiệm vụ"]]}
    job, plan = run_import(write_workbook(tmp_path / "nhan.xlsx", sheets))
    assert plan.ok, plan.problems
    assert YearlyRating.objects.get(person__code="P-A", year=2024).rating == "HTXSNV"
