"""A NUL character anywhere in a request is refused with a clear 400, before any query runs."""

from django.test import Client
from rest_framework.test import APIClient

from tdkt.org.tests.factories import client_for


def test_nul_in_a_query_string_or_a_form_is_refused(org):
    client = client_for(org.officer_a)
    answer = client.get("/quan-nhan/", {"q": "Đức\x00"})
    assert answer.status_code == 400 and "ký tự NUL" in answer.content.decode()
    answer = client.post(f"/don-vi/{org.a1.pk}/sua/", {"name": "Phòng\x00Tuyên huấn"})
    assert answer.status_code == 400
    org.a1.refresh_from_db()
    assert "\x00" not in org.a1.name


def test_nul_in_an_api_body_or_query_is_a_json_400(org):
    api = APIClient()
    api.force_authenticate(org.officer_a)
    answer = api.post("/api/v1/awards/", {"person": org.person_a.pk, "entry": "GK\x00", "year": 2025}, format="json")
    assert answer.status_code == 400 and answer.json()["type"] == "client_error"
    answer = api.get("/api/v1/awards/", {"entry": "GK\x00"})
    assert answer.status_code == 400 and "NUL" in answer.json()["errors"][0]["detail"]


def test_anonymous_nul_requests_are_refused_too():
    assert Client().get("/dang-nhap/", {"next": "/\x00"}).status_code == 400
