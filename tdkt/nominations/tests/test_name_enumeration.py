"""A code outside the actor's remit is "not found", exactly as a code that does not exist (issue #14, finding 11).

Replays the attack: adding `subject_code=<a sibling agency's person>` to one's own dossier answered with that
person's name and agency. The answer must name neither, on the page and the API, and no item is written."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tdkt.api.tests.test_records_api import api
from tdkt.nominations import services
from tdkt.nominations.models import DossierItem
from tdkt.nominations.tests.test_services import dossier_for
from tdkt.org.selectors import SUBJECT_NOT_FOUND
from tdkt.org.tests.factories import client_for

# person_b (Nguyễn Văn An) is in Phòng Quân y of Cục Hậu cần; officer_a's remit is Cục Chính trị
FOREIGN = ("Nguyễn Văn An", "Phòng Quân y", "Cục Hậu cần", "CHC-QY")


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _add(client, dossier, code):
    return client.post(
        reverse("nominations:item_add", args=[dossier.pk]), {"subject_code": code, "entry": "CSTT"}, follow=True
    )


@pytest.mark.parametrize("code", ["P-B", "CHC-QY", "CHC"])
def test_a_foreign_code_on_the_dossier_page_is_not_found_like_an_unknown_one(flow, code):
    org = flow.org
    dossier = dossier_for(flow)
    client = client_for(org.officer_a)
    foreign, unknown = _add(client, dossier, code), _add(client, dossier, "KHONG-CO-MA-NAY")
    assert foreign.status_code == unknown.status_code == 200
    assert _messages(foreign) == _messages(unknown) == [SUBJECT_NOT_FOUND]
    page = foreign.content.decode()
    assert SUBJECT_NOT_FOUND in page
    for leaked in FOREIGN:
        assert leaked not in page
    assert not DossierItem.objects.filter(dossier=dossier).exists()


def test_a_code_in_the_remit_is_still_added(flow):
    dossier = dossier_for(flow)
    response = _add(client_for(flow.org.officer_a), dossier, "p-a11")
    assert "Đã thêm đề nghị." in _messages(response)
    assert list(DossierItem.objects.filter(dossier=dossier).values_list("person__code", flat=True)) == ["P-A11"]


def test_the_api_answers_a_foreign_person_as_an_unknown_id_and_writes_nothing(flow):
    org = flow.org
    dossier = dossier_for(flow)
    client = api(org.officer_a)
    url = f"/api/v1/dossiers/{dossier.pk}/items/"
    foreign = client.post(url, {"person": org.person_b.pk, "entry": "CSTT"}, format="json")
    unknown = client.post(url, {"person": 987654321, "entry": "CSTT"}, format="json")
    assert foreign.status_code == unknown.status_code == 400
    body = foreign.content.decode()
    for leaked in FOREIGN:
        assert leaked not in body
    assert body.replace(str(org.person_b.pk), "ID") == unknown.content.decode().replace("987654321", "ID")
    assert not DossierItem.objects.filter(dossier=dossier).exists()


def test_the_service_itself_says_not_found_for_a_subject_outside_the_remit(flow):
    org = flow.org
    dossier = dossier_for(flow)
    with pytest.raises(ValidationError) as refused:
        services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_b)
    assert refused.value.messages == [SUBJECT_NOT_FOUND]
    with pytest.raises(ValidationError) as refused:
        services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), unit=org.b1)
    assert refused.value.messages == [SUBJECT_NOT_FOUND]
    assert not DossierItem.objects.filter(dossier=dossier).exists()


def test_a_visible_subject_outside_the_dossier_unit_is_named_because_the_actor_may_see_it(flow):
    org = flow.org
    dossier = services.dossier_create(actor=org.officer_a, unit=org.a1, year=2025, kind="THUONG_XUYEN", title="Phòng")
    with pytest.raises(ValidationError, match="Đặng Văn Đức .P-A. không thuộc Phòng Tuyên huấn"):
        services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a)
