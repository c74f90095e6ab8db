"""POST /api/v1/councils/ and /members/ refuse an overlapping term and a second chair (review findings 7, 8)."""

from datetime import date

from tdkt.api.tests.test_records_api import api
from tdkt.nominations.models import Council, CouncilMember
from tdkt.nominations.tests.conftest import build_flow
from tdkt.nominations.tests.test_council_rules import met_on


def _error(answer, attr):
    assert answer.status_code == 400, answer.content
    return {e["attr"]: e["detail"] for e in answer.json()["errors"]}[attr]


def test_a_second_council_for_an_overlapping_term_is_refused(org):
    flow = build_flow(org)  # Cục Chính trị's council from 01/01/2024, open-ended, met on 01/06/2025
    met_on(flow, date(2025, 6, 1))
    councils = list(Council.objects.values_list("pk", flat=True))
    answer = api(org.officer_a).post(
        "/api/v1/councils/",
        {"unit": org.a.pk, "name": "Hội đồng thứ hai", "term_start": "2025-01-01"},
        format="json",
    )
    detail = _error(answer, "term_start")
    assert f"“{flow.council.name}”" in detail and "từ 01/01/2024, chưa có ngày kết thúc" in detail
    assert list(Council.objects.values_list("pk", flat=True)) == councils


def test_a_second_chair_is_refused(org):
    flow = build_flow(org)
    members = list(CouncilMember.objects.values_list("pk", "role"))
    answer = api(org.officer_a).post(
        f"/api/v1/councils/{flow.council.pk}/members/", {"full_name": "Trần Văn Hai", "role": "CHU_TICH"}, format="json"
    )
    assert "mỗi hội đồng chỉ có một Chủ tịch" in _error(answer, "role")
    assert list(CouncilMember.objects.values_list("pk", "role")) == members
