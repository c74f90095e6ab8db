"""Years and numbers a request may carry (issue #14, finding 9): out of range is a Vietnamese 400, never a 500,
and a huge range is refused before anything is computed."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from rest_framework.test import APIClient

from tdkt.core.years import FIRST_YEAR, MAX_SPAN, last_year, parse_year, parse_year_range
from tdkt.org.tests.factories import client_for

BAD_YEARS = ["0", "1944", "10000", "99999999999999999999", "abc", "-1", "2 0 2 4", "２０２４"]

PAGES = [
    "/bao-cao/tong-ket/?don_vi=CCT&nam={}",
    "/bao-cao/danh-sach/?don_vi=CCT&nam={}",
    "/bao-cao/bang-dieu-khien/?don_vi=CCT&nam={}",
    "/bao-cao/thong-ke/?don_vi=CCT&tu_nam={}",
    "/bao-cao/thong-ke/?don_vi=CCT&den_nam={}",
    "/dang-ky-thi-dua/?nam={}",
    "/phong-trao/?nam={}",
    "/ho-so/?nam={}",
    "/xet-dieu-kien/?year={}",
]
API = [
    "/api/v1/awards/?year={}",
    "/api/v1/ratings/?year={}",
    "/api/v1/dossiers/?year={}",
    "/api/v1/registrations/?year={}",
    "/api/v1/exemplars/?year={}",
    "/api/v1/eligibility/?year={}",
]


def test_parse_year_accepts_the_range_and_refuses_the_rest():
    assert parse_year("1945") == FIRST_YEAR
    assert parse_year(str(last_year())) == timezone.localdate().year + 1
    assert parse_year("", default=2024) == 2024 and parse_year(None) is None
    for raw in BAD_YEARS + [str(last_year() + 1)]:
        with pytest.raises(ValidationError, match="Năm phải là số từ 1945"):
            parse_year(raw)


def test_a_range_is_ordered_and_at_most_thirty_years():
    assert MAX_SPAN == 30
    assert parse_year_range("1996", "2025", default_start=1, default_end=1) == (1996, 2025)
    assert parse_year_range("", "", default_start=2020, default_end=2024) == (2020, 2024)
    with pytest.raises(ValidationError, match="tối đa 30 năm"):
        parse_year_range("1990", "2025", default_start=1, default_end=1)
    with pytest.raises(ValidationError, match="sau năm kết thúc"):
        parse_year_range("2025", "2020", default_start=1, default_end=1)


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("year", ["0", "10000", "99999999999999999999", "abc"])
def test_pages_answer_a_vietnamese_400_for_a_bad_year(org, url, year):
    answer = client_for(org.officer_a).get(url.format(year))
    assert answer.status_code == 400, url
    assert "Năm phải là số từ 1945" in answer.content.decode()


@pytest.mark.parametrize("url", API)
@pytest.mark.parametrize("year", ["0", "10000", "99999999999999999999"])
def test_api_answers_a_json_400_for_a_bad_year(org, url, year):
    api = APIClient()
    api.force_authenticate(org.officer_a)
    answer = api.get(url.format(year))
    assert answer.status_code == 400, url
    assert answer.json()["type"] == "client_error"
    assert "Năm phải là số từ 1945" in answer.json()["errors"][0]["detail"]


def test_a_huge_statistics_range_is_refused_before_anything_is_computed(org, monkeypatch):
    from tdkt.reports import views

    def never(**kwargs):
        raise AssertionError("the statistics were computed for a refused range")

    client = client_for(org.officer_a)
    monkeypatch.setattr(views, "scope_units", never)
    answer = client.get("/bao-cao/thong-ke/", {"don_vi": "CCT", "tu_nam": "2018", "den_nam": "102018"})
    assert answer.status_code == 400
    answer = client.get("/bao-cao/thong-ke/", {"don_vi": "CCT", "tu_nam": "1950", "den_nam": "2025"})
    assert answer.status_code == 400 and "tối đa 30 năm" in answer.content.decode()
    # only a start: the default end (this year) makes the range too long — still a 400, not a 500
    answer = client.get("/bao-cao/thong-ke/", {"don_vi": "CCT", "tu_nam": "1950"})
    assert answer.status_code == 400 and "tối đa 30 năm" in answer.content.decode()
    monkeypatch.undo()
    assert client.get("/bao-cao/thong-ke/", {"don_vi": "CCT", "tu_nam": "2020", "den_nam": "2025"}).status_code == 200


def test_a_year_in_a_url_path_out_of_range_does_not_resolve(org):
    from tdkt.emulation.models import Cluster

    cluster = Cluster.objects.create(code="CUM-T", name="Cụm thử", organiser=org.root)
    client = client_for(org.admin)
    for year in ("0000", "9999", "99999999999999999999"):
        assert client.get(f"/cum-thi-dua/{cluster.pk}/cham-diem/{year}/").status_code == 404


def test_overlong_numbers_in_queries_and_forms_are_a_400_and_change_nothing(org):
    from tdkt.emulation.models import Registration

    client = client_for(org.officer_a)
    huge = "9" * 25
    assert client.get("/api/v1/units/", {"parent": huge}).status_code == 400
    before = Registration.objects.count()
    answer = client.post("/dang-ky-thi-dua/", {"registration": huge, "approve": "1"})
    assert answer.status_code == 400 and "số quá lớn" in answer.content.decode()
    assert Registration.objects.count() == before


def test_an_out_of_range_parent_criterion_in_the_api_is_a_400(org):
    from tdkt.emulation.models import Cluster, ClusterMembership, ScoringRound

    cluster = Cluster.objects.create(code="CUM-T", name="Cụm thử", organiser=org.root)
    year = timezone.localdate().year
    ClusterMembership.objects.create(cluster=cluster, unit=org.a, year=year)
    round_ = ScoringRound.objects.create(cluster=cluster, year=year, created_by=org.admin)
    api = APIClient()
    api.force_authenticate(org.admin)
    answer = api.post(
        f"/api/v1/scoring-rounds/{round_.pk}/criteria/",
        {"name": "Tiêu chí", "max_points": "10", "parent": 99999999999999999999},
        format="json",
    )
    assert answer.status_code == 400
    assert round_.criteria.count() == 0


def test_api_bodies_take_years_in_range_only(org):
    from tdkt.records.models import Award

    api = APIClient()
    api.force_authenticate(org.officer_a)
    for year in (0, 1944, 10000, 2**70):
        answer = api.post("/api/v1/awards/", {"person": org.person_a.pk, "entry": "GK", "year": year}, format="json")
        assert answer.status_code == 400, year
    assert not Award.objects.exists()


def test_commands_refuse_a_year_out_of_range():
    with pytest.raises(CommandError, match="Năm phải là số từ 1945"):
        call_command("eligibility", "--year", "10000", "--format", "json")
