"""A hand-entered award above the officer's authority is the competent body's decision (issue #15, item 5).

The form, the API and the import all ask the same question (`records.providers.award_competence`), answered by
the dated authority matrix of `nominations`."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from tdkt.audit.models import AuditEvent
from tdkt.exchange import services as exchange
from tdkt.exchange.tests.helpers import AWARD_HEADER, write_workbook
from tdkt.nominations.tests.conftest import build_flow
from tdkt.records import services
from tdkt.records.models import Award, CatalogueEntry, Decision

DAY = date(2025, 3, 15)


@pytest.fixture
def flow(org):
    return build_flow(org)


def _state():
    return (
        sorted(Award.objects.values_list("id", "entry_id", "decision_id", "status")),
        sorted(Decision.objects.values_list("id", "number", "issuer")),
        AuditEvent.objects.count(),
    )


def _record(flow, actor, code="CSTDTQUOC", **kw):
    return services.award_record(
        actor=actor, person=flow.org.person_a, entry=CatalogueEntry.objects.get(code=code), year=2024,
        decision_date=DAY, **{"decision_number": "45/QĐ-TTg", **kw},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("issuer", "number", "why"),
    [
        ("Cục Chính trị", "45/QĐ-TTg", "Cục Chính trị (cấp đơn vị) không có thẩm quyền quyết định Chiến sĩ thi đua"),
        ("Bộ Tư lệnh Quân khu", "45/QĐ-TTg", "Bộ Tư lệnh Quân khu (cấp quân khu và tương đương) không có thẩm quyền"),
        ("Ủy ban nhân dân tỉnh", "45/QĐ-TTg", "“Ủy ban nhân dân tỉnh” không phải cơ quan có thẩm quyền"),
        ("", "", "Ghi số, ngày quyết định và cơ quan ban hành là Thủ tướng Chính phủ"),
    ],
)
def test_an_agency_officer_recording_a_national_title_as_its_own_decision_is_refused(flow, issuer, number, why):
    before = _state()
    with pytest.raises(ValidationError) as refused:
        _record(flow, flow.org.officer_a, issuer=issuer, decision_number=number)
    message = refused.value.message_dict["issuer"][0]
    assert why in message and "Thủ tướng Chính phủ (cấp nhà nước;" in message
    assert _state() == before


def test_the_same_award_as_the_prime_ministers_decision_is_recorded(flow, client):
    award = _record(flow, flow.org.officer_a, issuer="Thủ tướng Chính phủ")
    assert (award.decision.number, award.decision.issuer) == ("45/QĐ-TTg", "Thủ tướng Chính phủ")
    client.force_login(flow.org.officer_a)
    page = client.get(reverse("records:history", args=["ca-nhan", flow.org.person_a.pk])).content.decode()
    assert "(quyết định của Thủ tướng Chính phủ)" in page


def test_within_the_officers_authority_the_issuer_is_not_second_guessed(flow):
    award = _record(flow, flow.org.officer_a, code="GK", issuer="Phòng Tuyên huấn", decision_number="3/QĐ-PTH")
    assert award.decision.issuer == "Phòng Tuyên huấn"


def test_an_unconfirmed_row_does_not_refuse_it_warns(flow):
    """Huy chương Chiến sĩ vẻ vang: the matrix row is U (delegation to the Minister unconfirmed)."""
    award = _record(flow, flow.org.officer_a, code="HCCSVV3", issuer="Bộ Quốc phòng", decision_number="77/QĐ-BQP")
    assert award.decision.issuer == "Bộ Quốc phòng"
    (warning,) = services.award_warnings(award, actor=flow.org.officer_a)
    assert warning.startswith("Chưa xác nhận thẩm quyền — Bộ Quốc phòng (cấp bộ quốc phòng) không có thẩm quyền")
    assert services.award_warnings(award) == []  # without the actor: the record's own warnings only
    confirmed = _record(flow, flow.org.officer_a, issuer="Thủ tướng Chính phủ")
    assert services.award_warnings(confirmed, actor=flow.org.officer_a) == []


def test_the_api_gives_the_same_answer(flow):
    client = APIClient()
    client.force_authenticate(flow.org.officer_a)
    body = {
        "person": flow.org.person_a.pk, "entry": "CSTDTQUOC", "year": 2024, "decision_number": "45/QĐ-TTg",
        "decision_date": DAY.isoformat(), "issuer": "Cục Chính trị",
    }  # fmt: skip
    before = _state()
    refused = client.post("/api/v1/awards/", body, format="json")
    assert refused.status_code == 400 and "không có thẩm quyền quyết định" in refused.content.decode()
    assert _state() == before
    accepted = client.post("/api/v1/awards/", {**body, "issuer": "Thủ tướng Chính phủ"}, format="json")
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["warnings"] == []
    unconfirmed = {**body, "entry": "HCCSVV3", "issuer": "Bộ Quốc phòng", "decision_number": "77/QĐ-BQP"}
    warned = client.post("/api/v1/awards/", unconfirmed, format="json")
    assert warned.status_code == 201 and warned.json()["warnings"][0].startswith("Chưa xác nhận thẩm quyền")


def _sheets(rows):
    return {"KhenThuong": rows}


def test_the_import_refuses_the_row_with_the_same_message(flow, tmp_path):
    rows = [AWARD_HEADER, ["CA_NHAN", "P-A", "CSTDTQUOC", 2024, "", "45/QĐ-TTg", "15/03/2025", "Cục Chính trị", "", ""]]
    job = exchange.import_job_create(
        actor=flow.org.officer_a, path=write_workbook(tmp_path / "a.xlsx", {"KhenThuong": rows})
    )
    plan = exchange.import_validate(job=job)
    problems = [p for p in plan.problems if p.column == "Cơ quan quyết định"]
    assert problems and "Cục Chính trị (cấp đơn vị) không có thẩm quyền quyết định" in problems[0].message
    rows[1][7] = "Thủ tướng Chính phủ"
    job = exchange.import_job_create(
        actor=flow.org.officer_a, path=write_workbook(tmp_path / "b.xlsx", {"KhenThuong": rows})
    )
    assert not [p for p in exchange.import_validate(job=job).problems if p.column == "Cơ quan quyết định"]
