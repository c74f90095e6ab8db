"""Clusters and their leaders by year, registrations, exemplars: the rules and the refusals."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tdkt.audit.models import AuditEvent
from tdkt.core.errors import DomainError
from tdkt.emulation import services
from tdkt.emulation.models import ClusterLeadership, Exemplar, Registration
from tdkt.records import services as records
from tdkt.records.models import CatalogueEntry


@pytest.fixture
def cluster(org):
    c = services.cluster_create(actor=org.admin, code="CUM4", name="Cụm thi đua số 4", organiser=org.root)
    for year in (2022, 2023):
        for unit in (org.a, org.b, org.c):
            services.cluster_member_add(actor=org.admin, cluster=c, unit=unit, year=year)
    for unit in (org.a, org.c):  # Cục Hậu cần (b) was not rated in 2022
        records.rating_set(actor=org.admin, unit=unit, year=2022, rating="HTXSNV")
        records.rating_set(actor=org.admin, unit=unit, year=2021, rating="HTXSNV")
    return c


def test_the_leader_hands_the_cluster_over_at_the_year_end(org, cluster):
    services.cluster_leader_set(actor=org.admin, cluster=cluster, year=2022, leader=org.c, deputy=org.a)
    conference = services.conference_record(
        actor=org.admin,
        kind="TONG_KET",
        year=2022,
        cluster=cluster,
        held_on=date(2022, 12, 28),
        place="Hội trường Cục Kỹ thuật",
        host=org.c,
        presided_by="Thiếu tướng Hứa Văn Tưởng",
        decisions_taken="Cục Kỹ thuật bàn giao cụm trưởng năm 2023 cho Cục Chính trị.",
    )
    handed = services.cluster_handover(
        actor=org.admin, cluster=cluster, to_year=2023, to_unit=org.a, on=date(2022, 12, 28), conference=conference
    )
    assert (handed.handed_over_by, handed.leader, handed.year) == (org.c, org.a, 2023)
    assert [(row.year, row.leader.code) for row in services.cluster_leaders(cluster)] == [(2022, "CKT"), (2023, "CCT")]
    assert AuditEvent.objects.filter(action="emulation.cluster.leader_set").count() == 2


def test_hand_over_refusals_change_nothing(org, cluster):
    services.cluster_leader_set(actor=org.admin, cluster=cluster, year=2022, leader=org.c)
    with pytest.raises(ValidationError, match="chưa được xếp loại năm 2022"):  # unrated the year before
        services.cluster_handover(actor=org.admin, cluster=cluster, to_year=2023, to_unit=org.b, on=date(2022, 12, 28))
    with pytest.raises(ValidationError, match="không phải thành viên"):  # outside the cluster
        services.cluster_handover(actor=org.admin, cluster=cluster, to_year=2023, to_unit=org.a1, on=date(2022, 12, 28))
    with pytest.raises(ValidationError, match="đã có cụm trưởng"):  # two leaders for one year
        services.cluster_leader_set(actor=org.admin, cluster=cluster, year=2022, leader=org.a)
    with pytest.raises(DomainError, match="chưa có cụm trưởng năm 2023"):
        services.cluster_handover(actor=org.admin, cluster=cluster, to_year=2024, to_unit=org.a, on=date(2023, 12, 1))
    with pytest.raises(PermissionDenied):
        services.cluster_handover(
            actor=org.officer_b, cluster=cluster, to_year=2023, to_unit=org.a, on=date(2022, 12, 28)
        )
    assert list(ClusterLeadership.objects.values_list("year", flat=True)) == [2022]


def test_a_covenant_is_signed_by_members(org, cluster):
    covenant = services.covenant_sign(
        actor=org.admin,
        cluster=cluster,
        year=2023,
        content="Giao ước thi đua 2023",
        signed_on=date(2023, 1, 15),
        signatories=[org.a, org.b, org.c],
    )
    assert covenant.signatories.count() == 3
    with pytest.raises(ValidationError, match="thành viên"):
        services.covenant_sign(
            actor=org.admin, cluster=cluster, year=2022, content="x", signed_on=date(2022, 1, 5), signatories=[org.a1]
        )


def test_registration_is_approved_by_the_officer_and_counted_against_results(org):
    cstt = CatalogueEntry.objects.get(code="CSTT")
    reg = services.registration_submit(actor=org.officer_a1, entry=cstt, year=2025, person=org.person_a1)
    with pytest.raises(ValidationError, match="đã đăng ký"):
        services.registration_submit(actor=org.officer_a1, entry=cstt, year=2025, person=org.person_a1)
    with pytest.raises(PermissionDenied):  # the one who entered it does not approve it
        services.registration_review(actor=org.officer_a1, registration=reg, approve=True)
    with pytest.raises(ValidationError, match="không phải danh hiệu"):
        services.registration_submit(
            actor=org.officer_a, entry=CatalogueEntry.objects.get(code="GK"), year=2025, person=org.person_a1
        )
    with pytest.raises(Http404):  # not the officer of that unit: outside the remit, "not found"
        services.registration_review(actor=org.officer_b, registration=reg, approve=True)
    with pytest.raises(ValidationError, match="lý do"):
        services.registration_review(actor=org.officer_a, registration=reg, approve=False)
    assert Registration.objects.get(pk=reg.pk).status == "DANG_KY"
    services.registration_review(actor=org.officer_a, registration=reg, approve=True)
    unit_reg = services.registration_submit(
        actor=org.officer_a1, entry=CatalogueEntry.objects.get(code="DVTT"), year=2025, unit=org.a1
    )
    with pytest.raises(PermissionDenied):  # a unit's registration is approved by the level above it
        services.registration_review(actor=org.officer_a1, registration=unit_reg, approve=True)
    services.registration_review(actor=org.officer_a, registration=unit_reg, approve=False, reason="Chưa đủ chỉ tiêu")
    records.rating_set(actor=org.admin, person=org.person_a1, year=2025, rating="HTTNV")
    records.award_record(actor=org.admin, person=org.person_a1, entry=cstt, year=2025)
    rows = services.registrations_against_results(unit_ids=[org.a.pk, org.a1.pk, org.a11.pk], year=2025)
    assert [(r["registration"].subject, r["achieved"]) for r in rows] == [(org.person_a1, True)]


def test_an_exemplar_moves_through_its_stages_and_back_only_with_a_reason(org):
    exemplar = services.exemplar_create(
        actor=org.officer_a,
        person=org.person_a,
        field="Huấn luyện",
        on=date(2025, 2, 1),
        campaigns=["Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"],
    )
    for stage, day in (("BOI_DUONG", date(2025, 4, 1)), ("TONG_KET", date(2025, 10, 1))):
        services.exemplar_move(actor=org.officer_a, exemplar=exemplar, stage=stage, on=day)
    with pytest.raises(ValidationError, match="lý do"):
        services.exemplar_move(actor=org.officer_a, exemplar=exemplar, stage="BOI_DUONG", on=date(2025, 11, 1))
    with pytest.raises(ValidationError, match="Ngày phải"):
        services.exemplar_move(actor=org.officer_a, exemplar=exemplar, stage="NHAN_RONG", on=date(2025, 9, 1))
    assert Exemplar.objects.get(pk=exemplar.pk).stage == "TONG_KET"
    services.exemplar_move(
        actor=org.officer_a,
        exemplar=exemplar,
        stage="BOI_DUONG",
        on=date(2025, 11, 1),
        reason="Cần bồi dưỡng thêm trước khi nhân rộng",
    )
    assert list(exemplar.steps.values_list("stage", flat=True)) == ["PHAT_HIEN", "BOI_DUONG", "TONG_KET", "BOI_DUONG"]
    award = records.award_record(
        actor=org.admin, person=org.person_a, entry=CatalogueEntry.objects.get(code="GK"), year=2025
    )
    services.exemplar_link_award(actor=org.officer_a, exemplar=exemplar, award=award)
    assert list(exemplar.awards.all()) == [award]
