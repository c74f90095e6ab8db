"""Lookups by code on the emulation pages never echo a person or unit outside the remit (issue #14, finding 11):
registrations, exemplars, cluster members and leaders answer a foreign code exactly as an unknown one."""

import pytest
from django.urls import reverse

from tdkt.emulation import services
from tdkt.emulation.models import ClusterLeadership, ClusterMembership, Exemplar, Registration
from tdkt.emulation.views.clusters import UNIT_NOT_FOUND
from tdkt.org.selectors import SUBJECT_NOT_FOUND
from tdkt.org.tests.factories import client_for

# person_b (Nguyễn Văn An) is in Phòng Quân y of Cục Hậu cần; officer_a's remit is Cục Chính trị
FOREIGN = ("Nguyễn Văn An", "Phòng Quân y", "Cục Hậu cần")


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _no_leak(response):
    page = response.content.decode()
    for leaked in FOREIGN:
        assert leaked not in page


@pytest.mark.parametrize("code", ["P-B", "CHC-QY"])
def test_registration_with_a_foreign_code(org, code):
    client = client_for(org.officer_a)
    url = reverse("emulation:registrations")
    foreign = client.post(url, {"subject_code": code, "entry": "CSTT", "year": "2025"}, follow=True)
    unknown = client.post(url, {"subject_code": "KHONG-CO", "entry": "CSTT", "year": "2025"}, follow=True)
    assert foreign.status_code == unknown.status_code == 200
    assert _messages(foreign) == _messages(unknown) == [SUBJECT_NOT_FOUND]
    _no_leak(foreign)
    assert not Registration.objects.exists()


@pytest.mark.parametrize("code", ["P-B", "CHC-QY"])
def test_exemplar_with_a_foreign_code(org, code):
    client = client_for(org.officer_a)
    url = reverse("emulation:exemplars")
    form = {"on": "01/06/2025", "field": "Huấn luyện", "summary": "Điển hình"}
    foreign = client.post(url, {**form, "subject_code": code}, follow=True)
    unknown = client.post(url, {**form, "subject_code": "KHONG-CO"}, follow=True)
    assert foreign.status_code == unknown.status_code == 200
    assert _messages(foreign) == _messages(unknown) == [SUBJECT_NOT_FOUND]
    _no_leak(foreign)
    assert not Exemplar.objects.exists()


@pytest.fixture
def cluster(org):
    cluster = services.cluster_create(actor=org.officer_a, code="CUM-CCT", name="Cụm Cục Chính trị", organiser=org.a)
    services.cluster_member_add(actor=org.officer_a, cluster=cluster, unit=org.a1, year=2025)
    return cluster


@pytest.mark.parametrize("field,value", [("unit_code", "CHC-QY"), ("unit_code", "chc"), ("unit", "b1")])
def test_a_foreign_unit_is_not_added_to_a_cluster_nor_named(org, cluster, field, value):
    client = client_for(org.officer_a)
    url = reverse("emulation:cluster_detail", args=[cluster.pk])
    value = str(org.b1.pk) if value == "b1" else value
    foreign = client.post(url, {"action": "member", "year": "2025", field: value}, follow=True)
    unknown = client.post(url, {"action": "member", "year": "2025", "unit_code": "KHONG-CO"}, follow=True)
    assert _messages(foreign) == _messages(unknown) == [UNIT_NOT_FOUND]
    _no_leak(foreign)
    assert list(ClusterMembership.objects.values_list("unit__code", flat=True)) == ["CCT-TH"]


def test_a_foreign_leader_is_refused_without_its_name(org, cluster):
    client = client_for(org.officer_a)
    url = reverse("emulation:cluster_detail", args=[cluster.pk])
    response = client.post(url, {"action": "leader", "year": "2025", "leader": str(org.b1.pk)}, follow=True)
    assert any("Đơn vị được chọn không phải thành viên" in m for m in _messages(response))
    _no_leak(response)
    assert "CHC-QY" not in response.content.decode()
    assert not ClusterLeadership.objects.exists()
