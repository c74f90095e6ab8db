"""Spreadsheet values are written as text (issue #14, finding 10) and never fail on a control character
(finding 14); control characters are refused at input, through every write path (finding 14)."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from tdkt.core.spreadsheets import csv_row, xlsx_row
from tdkt.org import services as org_services
from tdkt.org.models import Person, Unit, User
from tdkt.org.tests.factories import client_for
from tdkt.records import services as records_services
from tdkt.records.models import Award, CatalogueEntry

HOSTILE = ['=HYPERLINK("http://x","y")', "@SUM(1)", "+1+1", "-2+3", "=cmd|' /C calc'!A0", "#N/A", "\tTab", "\rCR"]


@pytest.mark.parametrize("write_only", [False, True], ids=["workbook", "write-only"])
def test_text_that_looks_like_a_formula_is_stored_as_a_string_cell(write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("S") if write_only else workbook.active
    sheet.append(xlsx_row(sheet, [*HOSTILE, 7, None, "bình thường"]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = next(load_workbook(buffer).worksheets[0].iter_rows())
    assert [c.value for c in cells[: len(HOSTILE)]] == HOSTILE
    assert all(c.data_type == "s" for c in cells[: len(HOSTILE)])
    assert cells[len(HOSTILE)].value == 7 and cells[-1].value == "bình thường"


def test_characters_xml_cannot_hold_are_left_out_instead_of_failing_the_workbook():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("S")
    sheet.append(xlsx_row(sheet, ["Trợ\u0007 lý", "=A\x01B", "giữ\tnguyên\n"]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = next(load_workbook(buffer).worksheets[0].iter_rows())
    assert [c.value for c in cells] == ["Trợ lý", "=AB", "giữ\tnguyên\n"]
    assert cells[1].data_type == "s"


def test_csv_fields_that_could_start_a_formula_get_a_quote():
    buffer = io.StringIO()
    csv.writer(buffer).writerow(csv_row([*HOSTILE, "P-A", 3]))
    row = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert row == [("'" + v if v[0] in "=+-@\t\r" else v) for v in HOSTILE] + ["P-A", "3"]


# --- Refused at input --------------------------------------------------------------------------------


def test_the_services_refuse_control_characters_and_change_nothing(org):
    with pytest.raises(ValidationError) as refused:
        org_services.person_update(actor=org.officer_a, person=org.person_a1, position="Trợ lý\u0007")
    assert refused.value.message_dict["position"] == [
        "Không được chứa ký tự điều khiển (mã U+0007); hãy nhập lại nội dung."
    ]
    org.person_a1.refresh_from_db()
    assert org.person_a1.position == "Trợ lý"
    with pytest.raises(ValidationError):
        org_services.unit_update(actor=org.officer_a, unit=org.a1, name="Phòng\x1bTuyên huấn")
    assert Unit.objects.get(pk=org.a1.pk).name == "Phòng Tuyên huấn"
    awards = Award.objects.count()
    with pytest.raises(ValidationError) as refused:
        records_services.award_record(
            actor=org.officer_a,
            entry=CatalogueEntry.objects.get(code="GK"),
            year=2024,
            person=org.person_a,
            kind="DOT_XUAT",
            achievement="Cứu\u0085 hộ",
        )
    assert "U+0085" in refused.value.message_dict["achievement"][0]
    assert Award.objects.count() == awards


def test_multi_line_text_keeps_its_tabs_and_line_breaks(org):
    award = records_services.award_record(
        actor=org.officer_a,
        entry=CatalogueEntry.objects.get(code="GK"),
        year=2024,
        person=org.person_a,
        kind="DOT_XUAT",
        achievement="Dòng một\r\nDòng hai\tcột",
    )
    assert award.achievement == "Dòng một\r\nDòng hai\tcột"


def test_the_person_form_refuses_control_characters(org):
    data = {
        "code": "P-A1",
        "full_name": "Bùi Thị\u0007 Hồng",
        "birth_date": "17/05/1990",
        "gender": "NU",
        "category": "SI_QUAN",
        "rank": "DAI_UY",
        "position": "Trợ lý",
        "service_start": "01/09/2010",
    }
    response = client_for(org.officer_a).post(reverse("org:person_update", args=[org.person_a1.pk]), data)
    assert response.status_code == 400
    assert "Không được chứa ký tự điều khiển (mã U+0007)" in response.content.decode()
    assert Person.objects.get(pk=org.person_a1.pk).full_name == "Bùi Thị Hồng"


def test_the_api_refuses_control_characters_with_a_vietnamese_400(org):
    api = APIClient()
    api.force_authenticate(org.officer_a)
    response = api.patch(f"/api/v1/people/{org.person_a1.pk}/", {"position": "Trợ lý\u0007"}, format="json")
    assert response.status_code == 400
    assert "Không được chứa ký tự điều khiển" in response.json()["errors"][0]["detail"]
    assert Person.objects.get(pk=org.person_a1.pk).position == "Trợ lý"


@pytest.mark.parametrize(
    "char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
)
def test_the_api_refuses_bidirectional_overrides_in_a_position(org, char):
    """The attack ("Trojan Source"): a position holding U+202E displays in another order than it is stored."""
    api = APIClient()
    api.force_authenticate(org.officer_a)
    before = Person.objects.get(pk=org.person_a1.pk).position
    response = api.patch(f"/api/v1/people/{org.person_a1.pk}/", {"position": f"Trợ lý{char}ựt hcúh"}, format="json")
    assert response.status_code == 400
    detail = response.json()["errors"][0]["detail"]
    assert f"Không được chứa ký tự điều khiển hướng chữ (mã U+{ord(char):04X})" in detail
    assert Person.objects.get(pk=org.person_a1.pk).position == before


def test_services_refuse_bidirectional_overrides(org):
    with pytest.raises(ValidationError) as refused:
        org_services.unit_update(actor=org.officer_a, unit=org.a1, name="Phòng\u2066Tuyên huấn")
    assert refused.value.message_dict["name"] == [
        "Không được chứa ký tự điều khiển hướng chữ (mã U+2066); hãy nhập lại nội dung."
    ]
    assert Unit.objects.get(pk=org.a1.pk).name == "Phòng Tuyên huấn"


def test_accounts_refuse_control_characters_in_their_name(org):
    with pytest.raises(ValidationError) as refused:
        org_services.user_create(actor=None, username="moi", password=None, full_name="Người\u0007 mới")
    assert "U+0007" in refused.value.message_dict["full_name"][0]
    assert not User.objects.filter(username="moi").exists()
