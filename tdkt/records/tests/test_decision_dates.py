"""A hand-entered award's decision date against its achievement year (issue #15, item 6): a decision dated
before the achievement's year is refused everywhere; a year's title decided within that year is warned about."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from tdkt.api.tests.test_records_api import api
from tdkt.audit.models import AuditEvent
from tdkt.org.tests.factories import client_for
from tdkt.records import rules, services
from tdkt.records.models import Award, CatalogueEntry, Decision
from tdkt.records.tests.test_views import post_form


def cstt():
    return CatalogueEntry.objects.get(code="CSTT")


def test_the_rules_refuse_before_the_year_and_warn_within_it_for_a_years_title():
    assert rules.check_decision_year(date(2024, 12, 31), 2025) == (
        "Ngày quyết định 31/12/2024 trước năm thành tích 2025: không khen thành tích chưa có."
    )
    assert rules.check_decision_year(date(2025, 1, 1), 2025) is None
    assert rules.check_decision_year(None, 2025) is None
    assert "trước khi kết thúc năm thành tích 2025" in rules.decision_date_warning(date(2025, 6, 15), 2025, yearly=True)
    assert rules.decision_date_warning(date(2025, 6, 15), 2025, yearly=False) is None  # a deed's award: normal
    assert rules.decision_date_warning(date(2026, 1, 10), 2025, yearly=True) is None


def test_a_decision_before_the_achievement_year_is_refused_and_nothing_is_written(org):
    before = (Award.objects.count(), Decision.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError, match="trước năm thành tích 2024"):
        services.award_record(
            actor=org.officer_a,
            person=org.person_a,
            entry=cstt(),
            year=2024,
            decision_number="7/QĐ-CCT",
            decision_date=date(2023, 12, 20),
            issuer="Cục Chính trị",
        )
    assert (Award.objects.count(), Decision.objects.count(), AuditEvent.objects.count()) == before


def test_the_form_warns_of_a_years_title_decided_within_the_year_and_records_it(org):
    client = client_for(org.officer_a)
    url = reverse("records:award_form", args=["ca-nhan", org.person_a.pk])
    data = {"entry": cstt().pk, "year": 2024, "kind": "THUONG_XUYEN", "issuer": "Cục Chính trị"}
    refused = post_form(client, url, {**data, "decision_number": "8/QĐ-CCT", "decision_date": "20/12/2023"})
    assert refused.status_code == 400 and "trước năm thành tích 2024" in refused.content.decode()
    assert not Award.objects.exists()
    response = post_form(client, url, {**data, "decision_number": "9/QĐ-CCT", "decision_date": "15/06/2024"})
    assert response.status_code == 302 and Award.objects.filter(person=org.person_a).count() == 1
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Ngày quyết định 15/06/2024 trước khi kết thúc năm thành tích 2024" in m for m in shown), shown
    page = client.get(response.url).content.decode()
    assert "trước khi kết thúc năm thành tích 2024" in page


def test_the_api_answers_the_warning_and_refuses_a_decision_before_the_year(org):
    client = api(org.officer_a)
    body = {"person": org.person_a.pk, "entry": "CSTT", "year": 2024, "issuer": "Cục Chính trị"}
    refused = client.post(
        "/api/v1/awards/", {**body, "decision_number": "4/QĐ-CCT", "decision_date": "2023-11-30"}, format="json"
    )
    assert refused.status_code == 400 and "trước năm thành tích 2024" in str(refused.json())
    assert not Award.objects.exists()
    warned = client.post(
        "/api/v1/awards/", {**body, "decision_number": "5/QĐ-CCT", "decision_date": "2024-06-15"}, format="json"
    )
    assert warned.status_code == 201
    assert warned.json()["warnings"] == [
        "Ngày quyết định 15/06/2024 trước khi kết thúc năm thành tích 2024: "
        "kiểm tra lại năm thành tích hoặc ngày quyết định."
    ]
    gk = client.post(
        "/api/v1/awards/",
        {**body, "entry": "GK", "kind": "DOT_XUAT", "decision_number": "6/QĐ-CCT", "decision_date": "2024-06-15"},
        format="json",
    )
    assert gk.status_code == 201 and gk.json()["warnings"] == []  # a deed's award within its year is normal
