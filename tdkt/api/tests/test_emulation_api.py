"""Emulation work over the API: the same services and refusals as the pages."""

from tdkt.api.tests.test_records_api import api
from tdkt.emulation import services
from tdkt.records import services as records
from tdkt.records.models import CatalogueEntry


def test_hand_over_scoring_registration_exemplar_and_movement(org):
    cluster = services.cluster_create(actor=org.admin, code="CUM4", name="Cụm 4", organiser=org.root)
    for year in (2022, 2023):
        for unit in (org.a, org.b):
            services.cluster_member_add(actor=org.admin, cluster=cluster, unit=unit, year=year)
    records.rating_set(actor=org.admin, unit=org.b, year=2021, rating="HTXSNV")
    records.rating_set(actor=org.admin, unit=org.a, year=2022, rating="HTXSNV")
    services.cluster_leader_set(actor=org.admin, cluster=cluster, year=2022, leader=org.b)
    admin = api(org.admin)
    response = admin.post(
        f"/api/v1/clusters/{cluster.pk}/handover/",
        {"to_year": 2023, "to_unit": "CCT", "on": "2022-12-28"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["handed_over_by"]["code"] == "CHC"
    again = admin.post(
        f"/api/v1/clusters/{cluster.pk}/handover/",
        {"to_year": 2023, "to_unit": "CHC", "on": "2022-12-28"},
        format="json",
    )
    assert again.status_code == 400  # two leaders for one year
    assert api(org.outsider).get(f"/api/v1/clusters/{cluster.pk}/").status_code == 404

    round_ = admin.post("/api/v1/scoring-rounds/", {"cluster": cluster.pk, "year": 2022}, format="json").json()
    base = f"/api/v1/scoring-rounds/{round_['id']}"
    criterion = admin.post(f"{base}/criteria/", {"name": "Huấn luyện", "max_points": "40"}, format="json").json()[
        "criteria"
    ][0]["id"]
    admin.post(f"{base}/advance/")
    too_high = api(org.officer_a).post(
        f"{base}/self-score/", {"unit": "CCT", "criterion": criterion, "points": "41"}, format="json"
    )
    assert too_high.status_code == 400
    api(org.officer_a).post(
        f"{base}/self-score/", {"unit": "CCT", "criterion": criterion, "points": "39"}, format="json"
    )
    for _ in range(4):
        locked = admin.post(f"{base}/advance/").json()
    assert locked["status"] == "KHOA" and locked["acclaimed"]["code"] == "CCT"
    assert (
        admin.post(
            f"{base}/review/", {"unit": "CCT", "criterion": criterion, "points": "10"}, format="json"
        ).status_code
        == 409
    )  # a locked round is not edited

    officer_a1, officer_a = api(org.officer_a1), api(org.officer_a)
    reg = officer_a1.post(
        "/api/v1/registrations/", {"person": org.person_a1.pk, "entry": "CSTT", "year": 2026}, format="json"
    ).json()
    assert (
        officer_a1.post(
            "/api/v1/registrations/", {"person": org.person_a1.pk, "entry": "CSTT", "year": 2026}, format="json"
        ).status_code
        == 400
    )
    approved = officer_a.post(f"/api/v1/registrations/{reg['id']}/review/", {"approve": True}, format="json").json()
    assert approved["status"] == "DA_DUYET"

    created = officer_a.post(
        "/api/v1/exemplars/", {"person": org.person_a.pk, "field": "Huấn luyện", "on": "2025-01-10"}, format="json"
    )
    assert created.status_code == 201, created.json()
    exemplar = created.json()
    moved = officer_a.post(
        f"/api/v1/exemplars/{exemplar['id']}/move/", {"stage": "BOI_DUONG", "on": "2025-03-01"}, format="json"
    ).json()
    assert moved["stage"] == "BOI_DUONG"
    back = officer_a.post(
        f"/api/v1/exemplars/{exemplar['id']}/move/", {"stage": "PHAT_HIEN", "on": "2025-04-01"}, format="json"
    )
    assert back.status_code == 400  # backwards without a reason

    movement = officer_a.post(
        "/api/v1/movements/",
        {
            "unit": org.a.pk,
            "kind": "QUYET_THANG",
            "name": "QT 2025",
            "year": 2025,
            "starts_on": "2025-01-01",
            "ends_on": "2025-12-31",
        },
        format="json",
    ).json()
    target = officer_a.post(
        f"/api/v1/movements/{movement['id']}/targets/",
        {"name": "Khá giỏi", "measure": "%", "planned": "70"},
        format="json",
    )
    assert target.status_code == 201
    assert CatalogueEntry.objects.filter(code="CSTT").exists()


def test_an_exemplar_is_linked_to_the_award_that_followed(org):
    exemplar = services.exemplar_create(
        actor=org.officer_a,
        person=org.person_a,
        field="Huấn luyện",
        campaigns=[],
        on=__import__("datetime").date(2025, 1, 10),
    )
    award = records.award_record(
        actor=org.admin, person=org.person_a, entry=CatalogueEntry.objects.get(code="GK"), year=2025
    )
    other = records.award_record(
        actor=org.admin, person=org.person_b, entry=CatalogueEntry.objects.get(code="GK"), year=2025
    )
    client = api(org.officer_a)
    assert (
        client.post(f"/api/v1/exemplars/{exemplar.pk}/link-award/", {"award": other.pk}, format="json").status_code
        == 400
    )  # out of the remit, and not this exemplar's
    assert (
        client.post(f"/api/v1/exemplars/{exemplar.pk}/link-award/", {"award": award.pk}, format="json").status_code
        == 200
    )
    assert list(exemplar.awards.all()) == [award]
