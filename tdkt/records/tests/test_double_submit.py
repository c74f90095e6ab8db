"""Issue #14, finding 16: a form submitted twice, or four keyless API requests at once, record one award."""

import re
import threading

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from tdkt.org.tests.factories import OrgTree, build_org_tree, client_for
from tdkt.records.models import Award, CatalogueEntry, YearlyRating

TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def _award_form(org, **extra) -> dict:
    return {"entry": CatalogueEntry.objects.get(code="GK").pk, "year": 2024, "kind": "DOT_XUAT", **extra}


@pytest.mark.parametrize(
    "extra",
    [{}, {"decision_number": "21/QĐ-CCT", "decision_date": "05/01/2025", "issuer": "Cục Chính trị"}],
    ids=["without-decision", "with-decision"],
)
def test_the_award_form_submitted_twice_records_one_award(org, extra):
    client, url = client_for(org.officer_a), reverse("records:award_form", args=["ca-nhan", org.person_a.pk])
    token = TOKEN.search(client.get(url).content.decode()).group(1)
    first = client.post(url, {**_award_form(org, **extra), "form_token": token})
    assert first.status_code == 302
    second = client.post(url, {**_award_form(org, **extra), "form_token": token})
    assert second.status_code == 400 and "Biểu mẫu này đã được gửi" in second.content.decode()
    assert Award.objects.filter(person=org.person_a, entry__code="GK").count() == 1
    # A fresh form for the same award is refused by the record itself (the same award is recorded once).
    token = TOKEN.search(client.get(url).content.decode()).group(1)
    third = client.post(url, {**_award_form(org, **extra), "form_token": token})
    assert third.status_code == 400 and "không ghi lại lần nữa" in third.content.decode()
    assert Award.objects.filter(person=org.person_a, entry__code="GK").count() == 1


def test_a_post_without_or_with_a_forged_token_writes_nothing(org):
    client, url = client_for(org.officer_a), reverse("records:rating_form", args=["ca-nhan", org.person_a.pk])
    for token in ("", "forged"):
        response = client.post(url, {"year": 2024, "rating": "HTXSNV", "form_token": token})
        assert response.status_code == 400 and "Biểu mẫu này đã được gửi" in response.content.decode()
    assert not YearlyRating.objects.filter(person=org.person_a).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "extra",
    [{}, {"decision_number": "22/QĐ-CCT", "decision_date": "2025-01-05", "issuer": "Cục Chính trị"}],
    ids=["without-decision", "with-decision"],
)
def test_four_concurrent_keyless_api_posts_record_one_award(extra):
    org: OrgTree = build_org_tree()
    body = {"person": org.person_a.pk, "entry": "GK", "year": 2024, "kind": "DOT_XUAT", **extra}
    answers, errors, barrier = [], [], threading.Barrier(4)

    def post() -> None:
        try:
            client = APIClient()
            client.force_authenticate(org.officer_a)
            barrier.wait()
            response = client.post("/api/v1/awards/", body, format="json")
            answers.append((response.status_code, response.json()))
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    codes = sorted(code for code, _ in answers)
    assert codes[0] == 201 and all(code in (400, 409) for code in codes[1:]) and len(codes) == 4
    refusals = [data["errors"][0]["detail"] for code, data in answers if code != 201]
    assert all(refusals) and not any("IntegrityError" in r or "UNIQUE" in r for r in refusals)
    assert Award.objects.filter(person=org.person_a, entry__code="GK").count() == 1


@pytest.mark.parametrize(
    "variant",
    [
        {"issuer": "ĐƠN VỊ XYZ"},
        {"decision_number": "79/qđ-xyz"},
        {"decision_number": " 79 / QĐ-XYZ ", "issuer": "đơn  vị xyz"},
    ],
    ids=["issuer-upper-case", "number-lower-case", "spacing-and-case"],
)
def test_the_same_award_under_another_spelling_of_its_decision_is_refused(org, variant):
    from tdkt.records.models import Decision

    client = APIClient()
    client.force_authenticate(org.officer_a)
    body = {
        "person": org.person_a.pk,
        "entry": "GK",
        "year": 2025,
        "kind": "DOT_XUAT",
        "decision_number": "79/QĐ-XYZ",
        "decision_date": "2025-06-05",
        "issuer": "Đơn vị XYZ",
    }
    assert client.post("/api/v1/awards/", body, format="json").status_code == 201
    awards, decisions = list(Award.objects.values_list("id", "decision_id")), list(Decision.objects.values_list("id"))
    response = client.post("/api/v1/awards/", {**body, **variant}, format="json")
    assert response.status_code == 400
    assert "không ghi lại lần nữa" in response.json()["errors"][0]["detail"]
    assert list(Award.objects.values_list("id", "decision_id")) == awards
    assert list(Decision.objects.values_list("id")) == decisions
    decision = Decision.objects.get()
    assert (decision.number, decision.issuer, decision.year) == ("79/QĐ-XYZ", "Đơn vị XYZ", 2025)
