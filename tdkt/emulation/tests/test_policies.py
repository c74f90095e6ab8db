"""Emulation's policies: every write checks each object it touches (404 outside the remit, 403 for a wrong
role), and each refusal leaves the rows as they were. The writes below checked nothing, or the wrong
object, before `emulation/policies.py`."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from tdkt.emulation import scoring, selectors, services
from tdkt.emulation.models import (
    ClusterLeadership,
    ClusterMembership,
    Conference,
    Document,
    Score,
    ScoringRound,
)
from tdkt.emulation.policies import cluster_policy, registration_policy, round_policy
from tdkt.emulation.tests.test_scoring import scored  # noqa: F401 (fixture)
from tdkt.emulation.tests.test_services import cluster  # noqa: F401 (fixture)
from tdkt.nominations.models import Dossier
from tdkt.records.models import CatalogueEntry


@pytest.fixture
def inner(org):
    """A cluster organised by Cục Chính trị for its own sub-unit: Cục Hậu cần's officer does not see it."""
    c = services.cluster_create(actor=org.officer_a, code="KHOI-CCT", name="Khối thi đua CCT", organiser=org.a)
    services.cluster_member_add(actor=org.officer_a, cluster=c, unit=org.a1, year=2022)
    return c


def test_a_cluster_is_seen_by_organiser_and_members_and_managed_by_the_organiser(org, cluster, inner):  # noqa: F811
    assert set(selectors.cluster_list(actor=org.officer_b)) == {cluster}  # a member of CUM4, not of the inner one
    assert set(selectors.cluster_list(actor=org.officer_a)) == {cluster, inner}
    assert not selectors.cluster_list(actor=org.outsider).exists()
    assert cluster_policy.can(org.officer_b, "view", cluster)
    assert not cluster_policy.can(org.officer_b, "manage", cluster)
    with pytest.raises(PermissionDenied):  # seen, not managed
        cluster_policy.check(org.officer_b, "manage", cluster)
    with pytest.raises(Http404):  # not even seen
        cluster_policy.check(org.officer_b, "view", inner)


def test_a_member_outside_the_organisers_remit_is_not_found_and_not_added(org, inner):
    with pytest.raises(Http404):
        services.cluster_member_add(actor=org.officer_a, cluster=inner, unit=org.b, year=2022)
    assert list(ClusterMembership.objects.filter(cluster=inner).values_list("unit_id", flat=True)) == [org.a1.pk]


def test_a_conference_cannot_be_written_into_a_cluster_the_actor_does_not_see(org, inner):
    # before: only the host was checked, so Cục Hậu cần's officer, naming his own unit as host, wrote into it
    with pytest.raises(Http404):
        services.conference_record(
            actor=org.officer_b,
            kind="TONG_KET",
            year=2022,
            cluster=inner,
            held_on=date(2022, 12, 20),
            place="Hội trường",
            host=org.b,
            presided_by="Đại tá Nguyễn Văn A",
        )
    assert not Conference.objects.filter(cluster=inner).exists()


def test_a_cluster_conference_is_hosted_by_the_organiser_or_a_member(org, cluster):  # noqa: F811
    with pytest.raises(ValidationError, match="Đơn vị đăng cai"):  # a sub-unit of a member is neither
        services.conference_record(
            actor=org.officer_a,
            kind="SO_KET",
            year=2022,
            cluster=cluster,
            held_on=date(2022, 6, 20),
            place="Phòng họp",
            host=org.a1,
            presided_by="Đại tá Nguyễn Văn A",
        )
    assert not Conference.objects.exists()
    conference = services.conference_record(
        actor=org.officer_a,
        kind="SO_KET",
        year=2022,
        cluster=cluster,
        held_on=date(2022, 6, 20),
        place="Phòng họp",
        host=org.a,
        presided_by="Đại tá Nguyễn Văn A",
    )
    assert conference.host == org.a


def test_a_hand_over_cannot_cite_another_clusters_conference(org, cluster, inner):  # noqa: F811
    other = services.conference_record(
        actor=org.officer_a,
        kind="TONG_KET",
        year=2022,
        cluster=inner,
        held_on=date(2022, 12, 20),
        place="Hội trường",
        host=org.a,
        presided_by="Đại tá Nguyễn Văn A",
    )
    with pytest.raises(ValidationError, match="chính cụm này"):
        services.cluster_leader_set(actor=org.admin, cluster=cluster, year=2022, leader=org.c, conference=other)
    assert not ClusterLeadership.objects.filter(cluster=cluster).exists()


def test_the_leader_reviews_members_only(org, cluster, scored):  # noqa: F811
    # before: score_review checked the leader but not the unit, so any unit got a score row in the round
    round_, training, *_ = scored
    scoring.round_advance(actor=org.admin, round_=round_)  # self-scoring
    scoring.round_advance(actor=org.admin, round_=round_)  # review
    with pytest.raises(ValidationError, match="không phải thành viên"):
        scoring.score_review(actor=org.admin, round_=round_, unit=org.a1, criterion=training, points=10)
    assert not Score.objects.filter(round=round_, unit=org.a1).exists()


def test_a_round_of_a_cluster_not_seen_is_not_found(org, inner):
    # before: the leader lookup came first, so an outsider was told "the inner cluster has no leader in 2022"
    with pytest.raises(Http404):
        scoring.round_create(actor=org.officer_b, cluster=inner, year=2022)
    assert not ScoringRound.objects.exists()


def test_a_member_scores_for_itself_only_and_a_viewer_sees_the_round(org, cluster, scored):  # noqa: F811
    round_, training, *_ = scored
    scoring.round_advance(actor=org.admin, round_=round_)  # self-scoring
    assert round_policy.can(org.viewer_a, "view", round_) and not round_policy.can(org.viewer_a, "lead", round_)
    with pytest.raises(PermissionDenied):  # visible round, another member's score
        scoring.score_self(actor=org.officer_b, round_=round_, unit=org.a, criterion=training, points=1)
    with pytest.raises(Http404):  # no role anywhere: the round is not found
        scoring.score_self(actor=org.outsider, round_=round_, unit=org.a, criterion=training, points=1)
    assert not Score.objects.filter(round=round_).exists()


def test_only_the_organisers_officers_propose_the_acclaimed_unit(org, cluster, scored):  # noqa: F811
    round_, *_ = scored
    with pytest.raises(PermissionDenied):
        scoring.acclaim_propose(actor=org.officer_b, round_=round_)
    assert not Dossier.objects.exists()


def test_a_registration_is_reviewed_inside_the_remit_only(org):
    cstt = CatalogueEntry.objects.get(code="CSTT")
    reg = services.registration_submit(actor=org.officer_a1, entry=cstt, year=2025, person=org.person_a1)
    assert registration_policy.can(org.officer_a, "review", reg)
    with pytest.raises(Http404):  # another agency's officer: "not found", not "not allowed"
        services.registration_review(actor=org.officer_b, registration=reg, approve=True)
    with pytest.raises(PermissionDenied):  # a viewer above sees it, may not approve
        services.registration_review(actor=org.viewer_a, registration=reg, approve=True)
    reg.refresh_from_db()
    assert (reg.status, reg.reviewed_by) == ("DANG_KY", None)


def test_a_document_belongs_to_one_owner_and_a_conference_document_to_the_host(org, cluster):  # noqa: F811
    conference = services.conference_record(
        actor=org.admin,
        kind="TONG_KET",
        year=2022,
        cluster=cluster,
        held_on=date(2022, 12, 28),
        place="Hội trường Cục Kỹ thuật",
        host=org.c,
        presided_by="Thiếu tướng Hứa Văn Tưởng",
    )
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(PermissionDenied):  # a member sees the cluster's conference; the host's officers attach
        services.document_add(actor=org.officer_b, conference=conference, upload=pdf)
    assert not Document.objects.exists()
    services.document_add(actor=org.admin, conference=conference, upload=pdf)
    assert Document.objects.filter(conference=conference).count() == 1
