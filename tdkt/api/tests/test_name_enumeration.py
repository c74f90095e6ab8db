"""The API's lookups by code or id answer a subject outside the caller's remit exactly as an unknown one, and name
neither the person nor the unit (issue #14, finding 11): cluster hand-over and scores, transfers, registrations."""

from django.utils import timezone

from tdkt.api.tests.test_records_api import api
from tdkt.emulation import services as emulation
from tdkt.emulation.models import ClusterLeadership, Registration
from tdkt.org.models import Person, Transfer

# person_b (Nguyễn Văn An) is in Phòng Quân y (CHC-QY) of Cục Hậu cần; officer_a's remit is Cục Chính trị
FOREIGN = ("Nguyễn Văn An", "Phòng Quân y", "Cục Hậu cần")


def _no_leak(response):
    body = response.content.decode()
    for leaked in FOREIGN:
        assert leaked not in body


def test_cluster_handover_to_a_foreign_code_is_not_found_like_an_unknown_code(org):
    cluster = emulation.cluster_create(actor=org.officer_a, code="CUM-CCT", name="Cụm Cục Chính trị", organiser=org.a)
    emulation.cluster_member_add(actor=org.officer_a, cluster=cluster, unit=org.a1, year=2025)
    client, url = api(org.officer_a), f"/api/v1/clusters/{cluster.pk}/handover/"
    body = {"to_year": 2026, "on": timezone.localdate().isoformat()}
    foreign = client.post(url, {**body, "to_unit": "CHC-QY"}, format="json")
    unknown = client.post(url, {**body, "to_unit": "KHONG-CO"}, format="json")
    assert foreign.status_code == unknown.status_code == 400
    assert foreign.json()["errors"][0]["detail"] == unknown.json()["errors"][0]["detail"]
    _no_leak(foreign)
    assert not ClusterLeadership.objects.exists()


def test_a_transfer_to_a_foreign_unit_is_not_found_like_an_unknown_id(org):
    client, url = api(org.officer_a), f"/api/v1/people/{org.person_a.pk}/transfer/"
    transfers = list(Transfer.objects.filter(person=org.person_a).values_list("id", "to_unit_id"))
    body = {"effective_on": timezone.localdate().isoformat()}
    foreign = client.post(url, {**body, "to_unit": org.b1.pk}, format="json")
    unknown = client.post(url, {**body, "to_unit": 987654321}, format="json")
    assert foreign.status_code == unknown.status_code == 400
    assert foreign.content.decode().replace(str(org.b1.pk), "ID") == unknown.content.decode().replace("987654321", "ID")
    _no_leak(foreign)
    assert list(Transfer.objects.filter(person=org.person_a).values_list("id", "to_unit_id")) == transfers
    assert Person.objects.get(pk=org.person_a.pk).unit_id == org.a.pk


def test_a_registration_for_a_foreign_person_is_not_found_like_an_unknown_id(org):
    client = api(org.officer_a)
    foreign = client.post(
        "/api/v1/registrations/", {"person": org.person_b.pk, "entry": "CSTT", "year": 2025}, format="json"
    )
    unknown = client.post("/api/v1/registrations/", {"person": 987654321, "entry": "CSTT", "year": 2025}, format="json")
    assert foreign.status_code == unknown.status_code == 400
    assert foreign.content.decode().replace(str(org.person_b.pk), "ID") == unknown.content.decode().replace(
        "987654321", "ID"
    )
    _no_leak(foreign)
    assert not Registration.objects.exists()
