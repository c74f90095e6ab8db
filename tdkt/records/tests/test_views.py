import re
from datetime import date

import pytest
from django.urls import reverse

from tdkt.org.tests.factories import client_for
from tdkt.records import services
from tdkt.records.models import Award, CatalogueEntry, YearlyRating


@pytest.mark.parametrize(
    "name",
    [
        "records:history",
        "records:history_print",
        "records:rating_form",
        "records:award_form",
        "records:initiative_form",
        "records:discipline_form",
    ],
)
@pytest.mark.parametrize(
    "who, view_status, edit_status",
    [
        ("officer_a", 200, 200),
        ("admin", 200, 200),
        ("viewer_a", 200, 403),
        ("officer_b", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_record_pages_are_scoped(org, name, who, view_status, edit_status):
    url = reverse(name, args=["ca-nhan", org.person_a1.pk])
    expected = view_status if name in ("records:history", "records:history_print") else edit_status
    assert client_for(getattr(org, who)).get(url).status_code == expected


def test_unit_pages_have_no_initiative_form(org):
    assert client_for(org.admin).get(reverse("records:initiative_form", args=["don-vi", org.a1.pk])).status_code == 404
    assert client_for(org.admin).get(reverse("records:rating_form", args=["don-vi", org.a1.pk])).status_code == 200


TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def post_form(client, url: str, data: dict):
    """Open the form (which issues its one-time token) and post it, as a browser does."""
    token = TOKEN.search(client.get(url).content.decode()).group(1)
    return client.post(url, {**data, "form_token": token})


def test_record_a_rating_and_an_award_then_revoke_it(org):
    client = client_for(org.officer_a)
    response = post_form(
        client, reverse("records:rating_form", args=["ca-nhan", org.person_a.pk]), {"year": 2024, "rating": "HTXSNV"}
    )
    assert response.status_code == 302 and YearlyRating.objects.get(person=org.person_a).rating == "HTXSNV"
    response = post_form(
        client,
        reverse("records:award_form", args=["ca-nhan", org.person_a.pk]),
        {
            "entry": CatalogueEntry.objects.get(code="CSTT").pk,
            "year": 2024,
            "kind": "THUONG_XUYEN",
            "decision_number": "15/QĐ-CCT",
            "decision_date": "05/01/2025",
            "issuer": "Cục Chính trị",
        },
    )
    assert response.status_code == 302
    award = Award.objects.get(person=org.person_a)
    response = post_form(
        client,
        reverse("records:award_revoke", args=[award.pk]),
        {
            "decision_number": "3/QĐ-CCT",
            "decision_date": "01/03/2025",
            "issuer": "Cục Chính trị",
            "reason": "Kê khai sai",
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("records:history", args=["ca-nhan", org.person_a.pk])).content.decode()
    assert "Đã hủy bỏ theo QĐ 3/QĐ-CCT ngày 01/03/2025: Kê khai sai" in html
    assert "text-decoration-line-through" in html


def test_duplicate_title_shows_a_message_on_the_form(org):
    services.award_record(
        actor=org.officer_a, person=org.person_a, entry=CatalogueEntry.objects.get(code="CSTT"), year=2024
    )
    response = post_form(
        client_for(org.officer_a),
        reverse("records:award_form", args=["ca-nhan", org.person_a.pk]),
        {"entry": CatalogueEntry.objects.get(code="CSTT").pk, "year": 2024, "kind": "THUONG_XUYEN"},
    )
    assert response.status_code == 400 and "đã có danh hiệu" in response.content.decode()
    assert Award.objects.count() == 1


def test_revoke_page_is_scoped(org):
    award = services.award_record(
        actor=org.admin,
        person=org.person_c,
        entry=CatalogueEntry.objects.get(code="GK"),
        year=2024,
        decision_date=date(2025, 1, 1),
        decision_number="1/QĐ",
        issuer="Cục Chính trị",
    )
    assert client_for(org.officer_a).get(reverse("records:award_revoke", args=[award.pk])).status_code == 404
    assert client_for(org.commander).get(reverse("records:award_revoke", args=[award.pk])).status_code == 403


def test_catalogue_page_and_admin_only_creation(org):
    html = client_for(org.viewer_a).get(reverse("records:catalogue")).content.decode()
    assert "Chiến sĩ thi đua cơ sở" in html and "Luật TĐKT 2022 Đ23" in html and "Danh hiệu thi đua" in html
    assert client_for(org.officer_a).get(reverse("records:catalogue_create")).status_code == 403
    response = client_for(org.admin).post(
        reverse("records:catalogue_create"),
        {
            "code": "GK_MOI",
            "name": "Giấy khen của Tư lệnh mới",
            "kind": "HINH_THUC",
            "subject": "CA_HAI",
            "level": "DON_VI",
            "authority": "Tư lệnh",
            "legal_source": "Luật TĐKT 2022 Đ75",
            "certainty": "C",
        },
    )
    assert response.status_code == 302 and CatalogueEntry.objects.filter(code="GK_MOI").exists()


def test_print_view_has_the_national_heading(org):
    html = client_for(org.officer_a).get(reverse("records:history_print", args=["ca-nhan", org.person_a.pk])).content
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html.decode()


def test_years_are_never_digit_grouped(org):
    """USE_THOUSAND_SEPARATOR groups numbers the Vietnamese way (1.234); a year must stay 2024."""
    services.rating_set(actor=org.officer_a, person=org.person_a, year=2024, rating="HTTNV")
    html = client_for(org.officer_a).get(reverse("records:history", args=["ca-nhan", org.person_a.pk])).content.decode()
    assert 'data-year="2024"' in html and ">2024</td>" in html and "2.024" not in html
