"""Every API 404 is Vietnamese and names the thing asked for, never an internal model (review finding 6); an
object outside the actor's remit gets the same answer as an id that does not exist."""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator

from tdkt.api.errors import not_found_message
from tdkt.api.tests.test_records_api import api
from tdkt.nominations import services as nominations
from tdkt.nominations.tests.conftest import build_flow

MISSING = 999999999


def _detail_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        if "{id}" in path:
            for method in operations:
                if method in {"get", "post", "put", "patch", "delete"}:
                    yield method, path


OPERATIONS = sorted(_detail_operations())


def _errors(answer):
    assert answer.status_code == 404, (answer.status_code, answer.content)
    body = answer.json()
    assert body["type"] == "client_error" and len(body["errors"]) == 1
    return body["errors"][0]


def test_the_schema_has_detail_operations():
    assert len(OPERATIONS) > 30 and ("get", "/api/v1/dossiers/{id}/") in OPERATIONS


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_detail_operation_answers_a_missing_id_in_vietnamese(org, method, path):
    answer = getattr(api(org.officer_a), method)(path.replace("{id}", str(MISSING)), {}, format="json")
    error = _errors(answer)
    assert error["code"] == "not_found" and error["attr"] is None
    assert error["detail"].startswith("Không tìm thấy ") and error["detail"].endswith(".")
    assert not re.search(r"\b(No|matches|query|Not found)\b", error["detail"]), error["detail"]


def test_outside_the_remit_is_answered_as_a_missing_id_naming_the_thing(org):
    flow = build_flow(org)
    hc = nominations.council_create(
        actor=org.admin, unit=org.b, name="Hội đồng Cục Hậu cần", term_start=flow.council.term_start
    )
    dossier = nominations.dossier_create(actor=org.officer_b, unit=org.b, year=2025, kind="THUONG_XUYEN", title="Hồ sơ")
    officer = api(org.officer_a)  # Cục Chính trị: Cục Hậu cần is outside
    for url, outside, detail in [
        ("/api/v1/dossiers/{}/", dossier.pk, "Không tìm thấy hồ sơ đề nghị."),
        ("/api/v1/people/{}/", org.person_b.pk, "Không tìm thấy cá nhân."),
        ("/api/v1/units/{}/", org.b.pk, "Không tìm thấy đơn vị."),
        ("/api/v1/councils/{}/", hc.pk, "Không tìm thấy hội đồng thi đua – khen thưởng."),
        ("/api/v1/councils/{}/members/", hc.pk, "Không tìm thấy hội đồng thi đua – khen thưởng."),
    ]:
        missing = _errors(officer.get(url.format(MISSING)))
        assert missing == _errors(officer.get(url.format(outside)))
        assert missing["detail"] == detail


def test_messages_of_the_services_are_kept_and_library_english_is_not():
    assert not_found_message("Không tìm thấy hồ sơ.") == "Không tìm thấy hồ sơ."
    assert not_found_message("No ScoringRound matches the given query.") == "Không tìm thấy đợt chấm điểm."
    assert not_found_message("No Conference matches the given query.") == "Không tìm thấy hội nghị sơ kết, tổng kết."
    assert not_found_message("No Tally matches the given query.") == "Không tìm thấy kết quả kiểm phiếu."
    assert not_found_message("Not found.") == "Không tìm thấy đối tượng yêu cầu."
    assert not_found_message("No Nonsense matches the given query.") == "Không tìm thấy đối tượng yêu cầu."
