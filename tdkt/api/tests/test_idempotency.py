"""An award-creating request retried with the same Idempotency-Key records one award (issue #8, faults)."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tdkt.api.models import IdempotentRequest
from tdkt.audit.models import AuditEvent
from tdkt.records.models import Award


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_retried_award_request_records_one_award_and_gets_the_first_answer(org):
    client, body = api(org.officer_a), {"person": org.person_a.pk, "entry": "GK", "year": 2025, "kind": "DOT_XUAT"}
    events = AuditEvent.objects.count()
    first = client.post("/api/v1/awards/", body, format="json", HTTP_IDEMPOTENCY_KEY="gk-2025-duc")
    again = client.post("/api/v1/awards/", body, format="json", HTTP_IDEMPOTENCY_KEY="gk-2025-duc")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert Award.objects.filter(person=org.person_a, entry__code="GK", year=2025).count() == 1
    assert AuditEvent.objects.count() == events + 1
    # without a key, another award is a new award
    other = client.post("/api/v1/awards/", {**body, "year": 2024, "achievement": "Cứu người"}, format="json")
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]


def test_a_key_reused_for_another_request_is_refused_and_writes_nothing(org):
    client = api(org.officer_a)
    body = {"person": org.person_a.pk, "entry": "GK", "year": 2025, "kind": "DOT_XUAT"}
    assert client.post("/api/v1/awards/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1").status_code == 201
    before = Award.objects.count()
    reused = client.post("/api/v1/awards/", {**body, "year": 2024}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert reused.status_code == 400 and "đã được dùng cho một yêu cầu khác" in reused.content.decode()
    assert Award.objects.count() == before


def test_a_failed_request_keeps_no_key_so_a_corrected_retry_works(org):
    client = api(org.officer_a)
    bad = client.post("/api/v1/awards/", {"person": org.person_a.pk, "entry": "KHONG_CO", "year": 2025},
                      format="json", HTTP_IDEMPOTENCY_KEY="k2")  # fmt: skip
    assert bad.status_code == 400 and not IdempotentRequest.objects.filter(key="k2").exists()
    good = client.post("/api/v1/awards/", {"person": org.person_a.pk, "entry": "GK", "year": 2025},
                       format="json", HTTP_IDEMPOTENCY_KEY="k2")  # fmt: skip
    assert good.status_code == 201


def test_keys_belong_to_their_user(org):
    body = {"person": org.person_a.pk, "entry": "GK", "year": 2025, "kind": "DOT_XUAT"}
    assert api(org.officer_a).post("/api/v1/awards/", body, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    second = api(org.admin).post("/api/v1/awards/", {**body, "person": org.person_a1.pk}, format="json",
                                 HTTP_IDEMPOTENCY_KEY="k")  # fmt: skip
    assert second.status_code == 201  # the same key of another user is another request


@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_twice_at_once_records_one_award(org):
    body = {"person": org.person_a.pk, "entry": "GK", "year": 2025, "kind": "DOT_XUAT"}
    answers, barrier = [], threading.Barrier(2)

    def send():
        try:
            barrier.wait()
            answers.append(api(org.officer_a).post("/api/v1/awards/", body, format="json",
                                                   HTTP_IDEMPOTENCY_KEY="same-time"))  # fmt: skip
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json()["id"] == answers[1].json()["id"]
    assert Award.objects.filter(person=org.person_a, entry__code="GK", year=2025).count() == 1
