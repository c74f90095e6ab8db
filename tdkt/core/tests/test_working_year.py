"""The year under review: the calendar's default, the administrator's choice, the page and the header."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tdkt.audit.models import AuditEvent
from tdkt.core.models import WorkingYear
from tdkt.core.working_year import working_year_set
from tdkt.core.years import calendar_working_year, working_year
from tdkt.org.tests.factories import client_for


@pytest.mark.parametrize(
    "today, expected",
    [(date(2026, 1, 15), 2025), (date(2026, 3, 31), 2025), (date(2026, 4, 1), 2026), (date(2026, 12, 4), 2026)],
)
def test_the_calendar_keeps_last_year_under_review_until_the_end_of_march(today, expected):
    assert calendar_working_year(today) == expected


@pytest.mark.django_db
def test_the_administrators_year_wins_over_the_calendar_and_is_audited(org, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", password="x-Mat-khau-2026")
    assert working_year() == calendar_working_year()
    working_year_set(actor=superuser, year=2022, note="Demo")
    assert working_year() == 2022
    event = AuditEvent.objects.filter(action="core.working_year.set").latest("seq")
    assert event.before is None and event.after == {"year": 2022, "note": "Demo"}
    working_year_set(actor=superuser, year=None)
    assert working_year() == calendar_working_year()


@pytest.mark.django_db
def test_only_the_superuser_sets_the_year_and_a_refusal_changes_nothing(org, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", password="x-Mat-khau-2026")
    working_year_set(actor=superuser, year=2023)
    with pytest.raises(PermissionDenied):
        working_year_set(actor=org.admin, year=2020)  # QUAN_TRI of the root unit is not the installation's admin
    with pytest.raises(ValidationError):
        working_year_set(actor=superuser, year=1900)
    assert WorkingYear.objects.get().year == 2023
    response = client_for(org.admin).post(reverse("working_year"), {"year": "2020"})
    assert response.status_code == 403
    assert WorkingYear.objects.get().year == 2023


@pytest.mark.django_db
def test_the_page_sets_the_year_and_the_header_shows_it(org, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", password="x-Mat-khau-2026")
    client = client_for(superuser)
    assert client.post(reverse("working_year"), {"year": "2021", "note": ""}).status_code == 302
    page = client_for(org.officer_a).get(reverse("home")).content.decode()
    assert 'data-testid="working-year"' in page and "Năm đang xét: <strong>2021</strong>" in page
    bad = client.post(reverse("working_year"), {"year": "abc"})
    assert bad.status_code == 400 and "Năm phải là số" in bad.content.decode()
    assert WorkingYear.objects.get().year == 2021


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, marker",
    [
        ("/xet-dieu-kien/", 'name="year" value="2021"'),
        ("/ho-so/moi/", 'name="year" value="2021"'),
        ("/bao-cao/bang-dieu-khien/", 'name="nam" value="2021"'),
        ("/bao-cao/tong-ket/", 'name="nam" value="2021"'),
        ("/bao-cao/thong-ke/", 'name="den_nam" value="2021"'),
        ("/phong-trao/", 'name="nam" value="2021"'),
        ("/dang-ky-thi-dua/", 'name="nam" value="2021"'),
    ],
)
def test_pages_with_a_year_open_on_the_working_year(org, django_user_model, url, marker):
    superuser = django_user_model.objects.create_superuser("root", password="x-Mat-khau-2026")
    working_year_set(actor=superuser, year=2021)
    page = client_for(org.officer_a).get(url)
    assert page.status_code == 200
    assert marker in page.content.decode()


@pytest.mark.django_db
def test_a_rating_form_proposes_the_working_year(org, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", password="x-Mat-khau-2026")
    working_year_set(actor=superuser, year=2021)
    page = client_for(org.officer_a).get(f"/ho-so/ca-nhan/{org.person_a.pk}/danh-gia/")
    assert page.status_code == 200 and 'name="year" value="2021"' in page.content.decode()
