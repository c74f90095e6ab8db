"""Exports and the import error report write text as text (issue #14, finding 10), an export → import round
trip keeps it exactly, and neither fails on a control character already stored (finding 14)."""

import json
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from tdkt.exchange import services
from tdkt.exchange.export import export_records
from tdkt.exchange.tests.helpers import PERSON_HEADER
from tdkt.exchange.tests.test_import import run_import, state
from tdkt.org.models import Person
from tdkt.org.services import person_update
from tdkt.org.tests.factories import client_for
from tdkt.records import services as records_services

LINK = '=HYPERLINK("http://x","y")'
SUM = "@SUM(1)"


def person_row(path, code: str):
    sheet = load_workbook(path)["CaNhan"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == code:
            return {h: c for h, c in zip(header, row, strict=False)}
    raise AssertionError(f"{code} not exported")


def test_formula_like_values_are_exported_as_string_cells_and_survive_the_round_trip(org, tmp_path):
    person_update(actor=org.admin, person=org.person_a, full_name=LINK, position=SUM, reason="Thử")
    path = tmp_path / "xuat.xlsx"
    export_records(path, actor=org.admin)
    row = person_row(path, "P-A")
    name, position = row["Họ và tên"], row["Chức vụ"]
    assert (name.value, name.data_type) == (LINK, "s")
    assert (position.value, position.data_type) == (SUM, "s")
    Person.objects.filter(pk=org.person_a.pk).update(full_name="Tên khác", position="Khác")
    job, plan = run_import(path, actor=org.admin)
    assert plan.ok, plan.problems[:5]
    assert job.status == "DONE" and job.report["summary"]["CaNhan"].get("update") == 1
    person = Person.objects.get(pk=org.person_a.pk)
    assert (person.full_name, person.position) == (LINK, SUM)


def test_an_export_does_not_fail_on_a_control_character_already_stored(org, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    Person.objects.filter(pk=org.person_a11.pk).update(position="Trợ\u0007 lý")
    path = tmp_path / "xuat.xlsx"
    counts = export_records(path, actor=org.officer_a)
    assert counts["CaNhan"] == 3
    assert person_row(path, "P-A11")["Chức vụ"].value == "Trợ lý"
    response = client_for(org.officer_a).get(reverse("exchange:export"), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content)))["CaNhan"]
    assert "Trợ lý" in [c.value for c in sheet["F"]]
    assert Person.objects.get(pk=org.person_a11.pk).position == "Trợ\u0007 lý"  # the export changes nothing


def write_json(path, rows: list[list]) -> str:
    path.write_text(
        json.dumps({"CaNhan": [dict(zip(PERSON_HEADER, row, strict=True)) for row in rows]}), encoding="utf-8"
    )
    return path


def test_the_import_refuses_control_characters_in_a_cell_and_writes_nothing(org, tmp_path):
    row = ["N-9", "Võ Thị\u0007 Ánh", "1992-03-12", "NU", "DAI_UY", "Trợ lý", "SI_QUAN", "2012-09-01", "CCT", None]
    before = state()
    job, plan = run_import(write_json(tmp_path / "dieukhien.json", [row]), actor=org.officer_a)
    assert not plan.ok and job.status == "INVALID"
    message = "Không được chứa ký tự điều khiển (mã U+0007); hãy nhập lại nội dung."
    error = {"sheet": "CaNhan", "row": 1, "column": "Họ và tên", "value": "Võ Thị\u0007 Ánh", "message": message}
    assert error in job.report["errors"]
    assert state() == before


def test_the_import_refuses_bidirectional_overrides_in_a_cell_and_writes_nothing(org, tmp_path):
    row = ["N-9", "Võ Thị Ánh", "1992-03-12", "NU", "DAI_UY", "Trợ lý\u202eựt", "SI_QUAN", "2012-09-01", "CCT", None]
    before = state()
    job, plan = run_import(write_json(tmp_path / "huongchu.json", [row]), actor=org.officer_a)
    assert not plan.ok and job.status == "INVALID"
    message = "Không được chứa ký tự điều khiển hướng chữ (mã U+202E); hãy nhập lại nội dung."
    assert [e["message"] for e in job.report["errors"]] == [message]
    assert state() == before


def test_the_error_report_writes_values_as_text_and_survives_control_characters(org, tmp_path):
    bad_date = "=cmd|' /C calc'!A0"
    rows = [
        ["N-9", "Võ Thị Ánh", bad_date, "NU", "DAI_UY", "Trợ lý", "SI_QUAN", "2012-09-01", "CCT", None],
        ["N-8", "Đoàn\u0007 Mạnh", "1990-07-08", "NAM", "DAI_UY", LINK, "SI_QUAN", "2012-09-01", "CCT", None],
    ]
    job, plan = run_import(write_json(tmp_path / "xau.json", rows), actor=org.officer_a)
    assert job.status == "INVALID"
    sheet = load_workbook(BytesIO(services.report_xlsx(job))).active
    values = {row[3].value: row[3] for row in sheet.iter_rows(min_row=2)}
    assert values[bad_date].data_type == "s"
    assert "Đoàn Mạnh" in values  # written without the control character
    assert not Person.objects.filter(code__in=["N-8", "N-9"]).exists()


def test_the_eligibility_export_writes_names_as_text(org):
    records_services.rating_set(actor=org.admin, person=org.person_a, year=2024, rating="HTXSNV")
    records_services.rating_set(actor=org.admin, person=org.person_a1, year=2024, rating="HTXSNV")
    Person.objects.filter(pk=org.person_a.pk).update(full_name=LINK)
    Person.objects.filter(pk=org.person_a1.pk).update(full_name="Bùi\u0007 Thị Hồng")
    response = client_for(org.officer_a).get(
        reverse("eligibility:screening"), {"year": 2024, "award": "CSTT", "xuat": "xlsx"}
    )
    assert response.status_code == 200
    rows = {row[1].value: row for row in load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2)}
    assert (rows["P-A"][2].value, rows["P-A"][2].data_type) == (LINK, "s")
    assert rows["P-A1"][2].value == "Bùi Thị Hồng"
