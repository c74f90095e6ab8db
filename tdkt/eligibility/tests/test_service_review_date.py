"""/xet-nien-han/ opens on a day of the year under review, not on today whatever the working year (review of
#16, item 25)."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tdkt.core.working_year import working_year_set
from tdkt.eligibility.service_views import default_review_date
from tdkt.org.tests.factories import client_for


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password="x-Mat-khau-2026")


def _initial(user) -> str:
    html = client_for(user).get(reverse("eligibility:service_length")).content.decode()
    return re.search(r'<input[^>]*name="review_date"[^>]*value="([^"]*)"', html)[1]


@pytest.mark.django_db
def test_an_earlier_working_year_opens_on_its_last_day(org, superuser):
    working_year_set(actor=superuser, year=2023)
    assert default_review_date(date(2026, 12, 5)) == date(2023, 12, 31)
    assert _initial(org.officer_a) == "31/12/2023"


@pytest.mark.django_db
def test_the_current_working_year_opens_on_today(org, superuser):
    today = timezone.localdate()
    working_year_set(actor=superuser, year=today.year)
    assert default_review_date(today) == today
    assert _initial(org.officer_a) == f"{today:%d/%m/%Y}"


@pytest.mark.django_db
def test_an_asked_review_date_is_kept(org, superuser):
    working_year_set(actor=superuser, year=2023)
    html = (
        client_for(org.officer_a)
        .get(reverse("eligibility:service_length"), {"award": "HCCSVV3", "review_date": "15/03/2025"})
        .content.decode()
    )
    assert "tính đến ngày 15/03/2025" in html
