"""Issue #14, finding 1: the import writes only inside the importer's remit, and only editors import.

Each attack test replays a file that wrote another agency's record before the fix and asserts the effect:
every refused row is in the job's error report and the record tables are exactly as they were.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tdkt.audit.models import AuditEvent
from tdkt.exchange import services
from tdkt.exchange.models import ImportJob
from tdkt.exchange.plan import build_plan
from tdkt.exchange.policies import IMPORT_REFUSED, import_can_start
from tdkt.exchange.remit import OUTSIDE
from tdkt.exchange.tests.helpers import AWARD_HEADER, PERSON_HEADER, RATING_HEADER, UNIT_HEADER, write_workbook
from tdkt.org.choices import Role
from tdkt.org.models import Person, RoleAssignment, Transfer, Unit
from tdkt.org.services import system_actor
from tdkt.org.tests.factories import UserFactory, client_for
from tdkt.records.models import Award, Decision, Discipline, Initiative, YearlyRating

RECORD_MODELS = (Unit, Person, Transfer, YearlyRating, Initiative, Discipline, Decision, Award)
REVOCATION_HEADER = [*AWARD_HEADER, "so_quyet_dinh_huy", "ngay_quyet_dinh_huy", "ly_do_huy"]
INITIATIVE_HEADER = ["ma_ca_nhan", "nam", "ten", "loai", "pham_vi", "so_quyet_dinh"]
DISCIPLINE_HEADER = ["ma_ca_nhan", "hinh_thuc", "ngay_quyet_dinh", "so_quyet_dinh", "den_ngay", "ly_do"]


def record_state() -> dict:
    """Every row of the record tables, to compare before and after a refused import."""
    return {m.__name__: sorted(map(str, m.objects.values_list())) for m in RECORD_MODELS}


def seed_cuc_chinh_tri(tmp_path):
    """Cục Chính trị's own record, imported by the system: a rating for P-A and for the unit, an award for P-A."""
    sheets = {
        "DanhGia": [RATING_HEADER, ["CA_NHAN", "P-A", 2023, "HTTNV"], ["TAP_THE", "CCT", 2023, "HTTNV"]],
        "KhenThuong": [
            AWARD_HEADER,
            ["CA_NHAN", "P-A", "GK", 2023, "THUONG_XUYEN", "12/QĐ-CCT", "05/01/2024", "Cục Chính trị", "", ""],
        ],
    }
    job = services.import_job_create(actor=system_actor(), path=write_workbook(tmp_path / "cct.xlsx", sheets))
    plan = services.import_validate(job=job)
    assert plan.ok, plan.problems
    services.import_apply(job=job, plan=plan)


def attack_sheets() -> dict[str, list[list]]:
    """What Cục Hậu cần's officer (and a viewer of Cục Chính trị) tried: each row writes Cục Chính trị's record."""
    return {
        "DonVi": [
            UNIT_HEADER,
            ["CCT-LA", "Ban Lạ", "", "CCT", "BAN", "01/01/2020"],  # a new unit under a foreign parent
            ["CCT-TH", "Phòng Đổi Tên", "", "CCT", "PHONG", "01/01/2000"],  # a foreign unit updated
            ["CHC-QY", "Phòng Quân y", "", "CCT-TH", "PHONG", "01/01/2000"],  # its own unit moved out of the remit
        ],
        "CaNhan": [
            PERSON_HEADER,
            ["P-A", "Đặng Văn Đức", "17/05/1990", "NAM", "DAI_UY", "Trưởng phòng", "SI_QUAN", "01/09/2010", "CCT", ""],
            ["P-B", "Nguyễn Văn An", "17/05/1990", "NAM", "DAI_UY", "Trợ lý", "SI_QUAN", "01/09/2010", "CCT-TH", ""],
            ["P-A1", "Bùi Thị Hồng", "17/05/1990", "NU", "DAI_UY", "Trợ lý", "SI_QUAN", "01/09/2010", "CHC-QY", ""],
        ],
        "DanhGia": [
            RATING_HEADER,
            ["CA_NHAN", "P-A", 2023, "KHTNV"],  # a rating changed
            ["TAP_THE", "CCT", 2023, "KHTNV"],  # the agency's own rating changed
            ["CA_NHAN", "P-A11", 2024, "KHTNV"],  # a rating added
        ],
        "SangKien": [INITIATIVE_HEADER, ["P-A1", 2023, "Sáng kiến mạo danh", "SANG_KIEN", "CO_SO", "1/QĐ-CHC"]],
        "KyLuat": [DISCIPLINE_HEADER, ["P-A", "KHIEN_TRACH", "01/03/2022", "3/QĐ-CHC", "01/03/2023", "Bịa đặt"]],
        "KhenThuong": [
            REVOCATION_HEADER,
            ["CA_NHAN", "P-A", "CSTDCS", 2023, "", "99/QĐ-CHC", "05/01/2024", "Cục Hậu cần", "", "", "", "", ""],
            [  # the award Cục Chính trị recorded, revoked
                "CA_NHAN",
                "P-A",
                "GK",
                2023,
                "THUONG_XUYEN",
                "12/QĐ-CCT",
                "05/01/2024",
                "Cục Chính trị",
                "",
                "DA_HUY",
                "5/QĐ-CHC",
                "01/02/2024",
                "Hủy trái phép",
            ],
            ["TAP_THE", "CCT-LA", "GK", 2023, "", "98/QĐ-CHC", "05/01/2024", "Cục Hậu cần", "", "", "", "", ""],
        ],
    }


ATTACK_ROWS = {
    ("DonVi", 2),
    ("DonVi", 3),
    ("DonVi", 4),
    ("CaNhan", 2),
    ("CaNhan", 3),
    ("CaNhan", 4),
    ("DanhGia", 2),
    ("DanhGia", 3),
    ("DanhGia", 4),
    ("SangKien", 2),
    ("KyLuat", 2),
    ("KhenThuong", 2),
    ("KhenThuong", 3),
    ("KhenThuong", 4),
}


def refused_rows(job) -> dict[tuple[str, int], list[dict]]:
    rows: dict[tuple[str, int], list[dict]] = {}
    for error in job.report["errors"]:
        if error["message"].startswith(OUTSIDE):
            rows.setdefault((error["sheet"], error["row"]), []).append(error)
    return rows


def test_a_sibling_agencys_officer_writes_nothing_of_another_agency(org, tmp_path):
    seed_cuc_chinh_tri(tmp_path)
    path = write_workbook(tmp_path / "tan-cong.xlsx", attack_sheets())
    before = record_state()
    job = services.import_job_create(actor=org.officer_b, path=path)
    plan = services.import_validate(job=job)
    services.import_apply(job=job)  # confirming anyway: the file is checked again and refused again
    job.refresh_from_db()

    assert not plan.ok and job.status == ImportJob.Status.INVALID
    refused = refused_rows(job)
    assert set(refused) == ATTACK_ROWS  # every row of every sheet, each reported
    columns = {key: {e["column"] for e in errors} for key, errors in refused.items()}
    assert columns[("DonVi", 2)] == {"Mã đơn vị cấp trên"} and columns[("DonVi", 4)] == {"Mã đơn vị cấp trên"}
    assert columns[("CaNhan", 3)] == {"Mã đơn vị"} and columns[("CaNhan", 4)] == {"Mã cá nhân"}
    assert columns[("DanhGia", 2)] == {"Mã đối tượng"} and columns[("KyLuat", 2)] == {"Mã cá nhân"}
    revocation = refused[("KhenThuong", 3)][0]["message"]
    assert "P-A" in revocation and "hủy bỏ khen thưởng" in revocation
    assert "đơn vị CCT" in refused[("DonVi", 2)][0]["message"]  # the unit the file names is said
    every_message = " ".join(e["message"] for e in job.report["errors"])
    assert "Cục Chính trị" not in every_message and "Phòng Tuyên huấn" not in every_message  # nor unit names
    assert record_state() == before
    assert ImportJob.objects.count() == 2  # the seed's job and this one, which stays INVALID
    # The values the attack aimed at, read back one by one.
    assert YearlyRating.objects.get(person=org.person_a, year=2023).rating == "HTTNV"
    assert YearlyRating.objects.get(unit=org.a, year=2023).rating == "HTTNV"
    assert Award.objects.get(person=org.person_a).status == "HIEU_LUC"
    assert not Discipline.objects.exists() and not Initiative.objects.exists()
    assert (
        not Unit.objects.filter(code="CCT-LA").exists() and Unit.objects.get(code="CCT-TH").name == "Phòng Tuyên huấn"
    )
    assert Unit.objects.get(code="CHC-QY").parent == org.b
    assert Person.objects.get(code="P-A").position == "Trợ lý" and Person.objects.get(code="P-B").unit == org.b1
    assert not AuditEvent.objects.filter(action="exchange.import.applied", actor=org.officer_b).exists()


@pytest.mark.parametrize("who", ["viewer_a", "council_a", "commander", "outsider"])
def test_a_viewer_council_member_or_commander_cannot_start_an_import(org, tmp_path, who):
    seed_cuc_chinh_tri(tmp_path)
    actor = getattr(org, who)
    path = write_workbook(tmp_path / "tan-cong.xlsx", attack_sheets())
    before = record_state()
    assert not import_can_start(actor)
    with pytest.raises(PermissionDenied) as refused:
        services.import_job_create(actor=actor, path=path)
    assert str(refused.value) == IMPORT_REFUSED
    plan = build_plan(path, actor=actor)  # the validation itself refuses too, before reading the file
    assert [p.message for p in plan.problems] == [IMPORT_REFUSED] and not plan.units
    assert record_state() == before and ImportJob.objects.count() == 1  # the seed's job only: none created


def test_a_job_whose_importer_lost_the_editor_role_is_refused_at_validation_and_confirmation(org, tmp_path):
    sheets = {"DanhGia": [RATING_HEADER, ["CA_NHAN", "P-A", 2024, "HTTNV"]]}
    job = services.import_job_create(actor=org.officer_a, path=write_workbook(tmp_path / "a.xlsx", sheets))
    RoleAssignment.objects.filter(user=org.officer_a).delete()
    before = record_state()
    plan = services.import_validate(job=job)
    assert services.import_apply(job=job) == {}
    job.refresh_from_db()
    assert not plan.ok and job.status == ImportJob.Status.INVALID
    assert [e["message"] for e in job.report["errors"]] == [IMPORT_REFUSED]
    assert record_state() == before
    assert not YearlyRating.objects.exists()


def test_a_role_that_may_only_see_a_unit_is_named_in_the_refusal(org, tmp_path):
    both = UserFactory(username="canbo.b.xem.a", roles=[(org.b, Role.CAN_BO_TDKT), (org.a, Role.XEM)])
    sheets = {
        "DanhGia": [RATING_HEADER, ["CA_NHAN", "P-A", 2024, "HTTNV"], ["CA_NHAN", "P-B", 2024, "HTTNV"]],
    }
    before = record_state()
    job = services.import_job_create(actor=both, path=write_workbook(tmp_path / "a.xlsx", sheets))
    services.import_validate(job=job)
    job.refresh_from_db()
    assert [(e["row"], e["message"]) for e in job.report["errors"]] == [
        (
            2,
            f"{OUTSIDE}: cá nhân P-A thuộc đơn vị CCT – Cục Chính trị "
            "(vai trò của bạn tại đơn vị này không cho phép ghi hồ sơ).",
        )
    ]
    assert record_state() == before


def test_an_officer_imports_everything_inside_the_remit(org, tmp_path):
    """Officer of Phòng Tuyên huấn: new units two levels down, a person moved inside, every sheet."""
    sheets = {
        "DonVi": [
            UNIT_HEADER,
            ["TH-X", "Ban X", "", "CCT-TH-TDKT", "BAN", "01/01/2020"],
            ["TH-Y", "Tổ Y", "", "TH-X", "BAN", "01/01/2021"],
            ["CCT-TH-TDKT", "Ban Thi đua – Khen thưởng", "", "CCT-TH", "BAN", "01/01/2000"],
        ],
        "CaNhan": [
            PERSON_HEADER,
            [
                "N-1",
                "Võ Thị Ánh",
                "12/03/1992",
                "NU",
                "DAI_UY",
                "Trợ lý",
                "SI_QUAN",
                "01/09/2012",
                "TH-Y",
                "01/02/2022",
            ],
            ["P-A11", "Lê Anh Tuấn", "17/05/1990", "NAM", "DAI_UY", "Trợ lý", "SI_QUAN", "01/09/2010", "CCT-TH", ""],
        ],
        "DanhGia": [RATING_HEADER, ["CA_NHAN", "N-1", 2023, "HTXSNV"], ["TAP_THE", "TH-Y", 2023, "HTTNV"]],
        "SangKien": [INITIATIVE_HEADER, ["P-A1", 2023, "Phần mềm hồ sơ", "SANG_KIEN", "CO_SO", "7/QĐ-CCT"]],
        "KyLuat": [DISCIPLINE_HEADER, ["P-A11", "KHIEN_TRACH", "01/03/2022", "3/QĐ-CCT", "01/03/2023", "Vi phạm"]],
        "KhenThuong": [
            AWARD_HEADER,
            ["CA_NHAN", "N-1", "CSTT", 2023, "", "45/QĐ-CCT", "05/01/2024", "Cục Chính trị", "", ""],
            ["TAP_THE", "TH-X", "GK", 2023, "", "46/QĐ-CCT", "05/01/2024", "Cục Chính trị", "", ""],
        ],
    }
    job = services.import_job_create(actor=org.officer_a1, path=write_workbook(tmp_path / "tot.xlsx", sheets))
    plan = services.import_validate(job=job)
    assert plan.ok, plan.problems
    services.import_apply(job=job, plan=plan)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Unit.objects.get(code="TH-Y").parent.code == "TH-X"
    assert Person.objects.get(code="N-1").unit.code == "TH-Y" and Person.objects.get(code="P-A11").unit == org.a1
    assert YearlyRating.objects.count() == 2 and Award.objects.count() == 2
    assert Initiative.objects.get().person == org.person_a1 and Discipline.objects.get().person == org.person_a11

    # The same officer one level above the remit (Cục Chính trị's own person and unit): refused, nothing written.
    above = {
        "DanhGia": [RATING_HEADER, ["CA_NHAN", "P-A", 2023, "HTTNV"], ["TAP_THE", "CCT", 2023, "HTTNV"]],
        "DonVi": [UNIT_HEADER, ["TH-X", "Ban X", "", "CCT", "BAN", "01/01/2020"]],  # moved out of the remit
    }
    before = record_state()
    job = services.import_job_create(actor=org.officer_a1, path=write_workbook(tmp_path / "tren.xlsx", above))
    services.import_validate(job=job)
    job.refresh_from_db()
    assert set(refused_rows(job)) == {("DanhGia", 2), ("DanhGia", 3), ("DonVi", 2)}
    assert record_state() == before


def test_a_new_unit_chain_without_a_root_in_the_remit_is_refused(org, tmp_path):
    sheets = {
        "DonVi": [
            UNIT_HEADER,
            ["GOC", "Đơn vị gốc mới", "", "", "QUAN_KHU", "01/01/2020"],
            ["GOC-1", "Đơn vị con", "", "GOC", "PHONG", "01/01/2020"],
        ]
    }
    before = record_state()
    job = services.import_job_create(actor=org.officer_a, path=write_workbook(tmp_path / "goc.xlsx", sheets))
    services.import_validate(job=job)
    job.refresh_from_db()
    assert set(refused_rows(job)) == {("DonVi", 2), ("DonVi", 3)}
    assert "không có đơn vị cấp trên" in refused_rows(job)[("DonVi", 3)][0]["message"]
    assert record_state() == before


def test_the_remit_check_costs_the_same_queries_for_ten_or_a_hundred_rows(org, tmp_path):
    def queries(people: int) -> int:
        sheets = {
            "CaNhan": [PERSON_HEADER]
            + [[f"Q-{i}", "Phạm Văn Bình", "", "", "", "", "QNCN", "", "CHC-QY", ""] for i in range(people)],
            "DanhGia": [RATING_HEADER] + [["CA_NHAN", f"Q-{i}", 2024, "HTTNV"] for i in range(people)],
            "KhenThuong": [AWARD_HEADER]
            + [["CA_NHAN", "P-A", "GK", 2020 + i % 5, "", f"{i}/QĐ", "", "", "", ""] for i in range(people)],
        }
        path = write_workbook(tmp_path / f"n{people}.xlsx", sheets)
        with CaptureQueriesContext(connection) as captured:
            plan = build_plan(path, actor=org.officer_a)
        assert plan.error_count >= 2 * people  # every row of CaNhan and KhenThuong is outside Cục Chính trị
        return len(captured)

    assert queries(10) == queries(100)


def test_the_cli_with_user_applies_the_same_gate(org, tmp_path, capsys):
    seed_cuc_chinh_tri(tmp_path)
    path = write_workbook(tmp_path / "tan-cong.xlsx", attack_sheets())
    before = record_state()
    with pytest.raises(SystemExit) as exc:
        call_command("import", str(path), "--user", "canbo.b")
    assert exc.value.code == 1
    out = capsys.readouterr().out
    assert f"KyLuat, dòng 2, cột Mã cá nhân [P-A]: {OUTSIDE}" in out and "không ghi dữ liệu nào" in out
    for login, message in (("xem.a", IMPORT_REFUSED), ("khong.co.ai", "Không tìm thấy tài khoản khong.co.ai")):
        with pytest.raises(CommandError, match=message):
            call_command("import", str(path), "--user", login)
    assert record_state() == before
    assert ImportJob.objects.filter(actor=org.viewer_a).count() == 0 and ImportJob.objects.count() == 2

    good = {"DanhGia": [RATING_HEADER, ["CA_NHAN", "P-A1", 2024, "HTXSNV"]]}
    call_command("import", str(write_workbook(tmp_path / "tot.xlsx", good)), "--user", "canbo.a")
    assert YearlyRating.objects.get(person=org.person_a1, year=2024).rating == "HTXSNV"
    assert ImportJob.objects.filter(actor=org.officer_a, status=ImportJob.Status.DONE).count() == 1


def test_the_cli_without_user_acts_as_the_system_account(org, tmp_path):
    call_command("import", str(write_workbook(tmp_path / "a.xlsx", attack_sheets())))
    job = ImportJob.objects.get()
    assert job.actor == system_actor() and job.status == ImportJob.Status.DONE
    assert Discipline.objects.get().person == org.person_a


@pytest.mark.parametrize("who", ["viewer_a", "council_a", "commander"])
def test_the_import_page_refuses_a_viewer_and_stores_nothing(org, tmp_path, settings, who):
    settings.VAR_DIR = tmp_path / "var"
    client = client_for(getattr(org, who))
    page = client.get(reverse("exchange:import")).content.decode()
    assert IMPORT_REFUSED in page and 'data-testid="upload-form"' not in page
    before = record_state()
    with open(write_workbook(tmp_path / "tan-cong.xlsx", attack_sheets()), "rb") as handle:
        response = client.post(reverse("exchange:import"), {"file": handle})
    assert response.status_code == 403 and IMPORT_REFUSED in response.content.decode()
    assert record_state() == before and not ImportJob.objects.exists()
    assert not (tmp_path / "var" / "imports").exists() or not any((tmp_path / "var" / "imports").iterdir())


def test_the_import_page_reports_each_refused_row_to_a_sibling_officer(
    org, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.VAR_DIR = tmp_path / "var"
    seed_cuc_chinh_tri(tmp_path)
    before = record_state()
    client = client_for(org.officer_b)
    with django_capture_on_commit_callbacks(execute=True):
        with open(write_workbook(tmp_path / "tan-cong.xlsx", attack_sheets()), "rb") as handle:
            response = client.post(reverse("exchange:import"), {"file": handle})
    job = ImportJob.objects.get(actor=org.officer_b)
    assert response.status_code == 302 and job.status == ImportJob.Status.INVALID
    page = client.get(response["Location"]).content.decode()
    assert OUTSIDE in page and "Không dữ liệu nào được ghi" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exchange:confirm", args=[job.pk]))
    assert set(refused_rows(job)) == ATTACK_ROWS
    assert record_state() == before
