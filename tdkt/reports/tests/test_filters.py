"""A report filter naming nothing real is an error, never an empty result shown as a real one (review of #16,
item 23): the statistics page says what is wrong and answers 400, its download is refused, the drill-down and
the summary answer 400 with the reason, and a unit outside the remit is never counted."""

import pytest
from django.urls import reverse

from tdkt.org.tests.factories import client_for
from tdkt.records import services
from tdkt.records.models import CatalogueEntry

STATS = {"don_vi": "CCT", "tu_nam": 2024, "den_nam": 2025}


@pytest.fixture
def awarded(org):
    services.award_record(actor=org.admin, person=org.person_a, entry=CatalogueEntry.objects.get(code="GK"), year=2025)
    return org


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad, message",
    [
        ({"don_vi": "CHC"}, "Đơn vị: Không tìm thấy đơn vị “CHC” trong phạm vi bạn được giao quản lý."),
        ({"don_vi": "abc"}, "Đơn vị: Không tìm thấy đơn vị “abc” trong phạm vi bạn được giao quản lý."),
        ({"ma": "ZZ"}, "Danh hiệu / hình thức: “ZZ” không có trong danh sách để chọn."),
        ({"loai": "ZZ"}, "Loại khen thưởng: “ZZ” không có trong danh sách để chọn."),
        ({"doi_tuong": "ZZ"}, "Đối tượng: “ZZ” không có trong danh sách để chọn."),
    ],
)
def test_a_bad_statistics_filter_is_said_on_the_page_and_shows_no_table(awarded, bad, message):
    response = client_for(awarded.officer_a).get(reverse("reports:statistics"), {**STATS, **bad})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="statistics-errors"' in html and message in html
    assert 'data-testid="statistics"' not in html and "Xuất Excel" not in html


@pytest.mark.django_db
def test_a_bad_filter_refuses_the_download(awarded):
    response = client_for(awarded.officer_a).get(reverse("reports:statistics"), {**STATS, "ma": "ZZ", "xuat": "xlsx"})
    assert response.status_code == 400
    assert not response.get("Content-Type", "").startswith("application/vnd.openxmlformats")
    assert "“ZZ” không có trong danh sách để chọn." in response.content.decode()


@pytest.mark.django_db
def test_good_filters_still_count(awarded):
    client = client_for(awarded.officer_a)
    response = client.get(reverse("reports:statistics"), {**STATS, "ma": "GK", "loai": "THUONG_XUYEN"})
    assert response.status_code == 200
    table = response.content.decode().split('data-testid="statistics"')[1]
    assert "Giấy khen" in table and "Không có khen thưởng." not in table
    xlsx = client.get(reverse("reports:statistics"), {**STATS, "ma": "GK", "xuat": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [{"ma": "ZZ"}, {"loai": "ZZ"}, {"doi_tuong": "ZZ"}, {"giai_doan": "ZZ"}])
def test_the_drill_down_refuses_a_bad_filter_with_its_reason(awarded, bad):
    query = {"nam": 2025, "don_vi": "CCT", **bad}
    response = client_for(awarded.officer_a).get(reverse("reports:records"), query)
    assert response.status_code == 400
    assert "“ZZ” không có trong danh sách để chọn." in response.content.decode()


@pytest.mark.django_db
def test_the_summary_and_dashboard_refuse_unknown_scopes_and_formats(awarded):
    client = client_for(awarded.officer_a)
    for name in ("reports:summary", "reports:dashboard"):
        for bad in ({"don_vi": "abc"}, {"don_vi": "CHC"}, {"cum": "ZZ"}):
            response = client.get(reverse(name), {"nam": 2025, **bad})
            assert response.status_code == 404, (name, bad)
            assert "nằm ngoài phạm vi bạn được giao quản lý" in response.content.decode()
        assert client.get(reverse(name), {"nam": "abc", "don_vi": "CCT"}).status_code == 400
    response = client.get(reverse("reports:summary"), {"nam": 2025, "don_vi": "CCT", "xuat": "ZZ"})
    assert response.status_code == 400 and "Định dạng xuất không hợp lệ" in response.content.decode()
