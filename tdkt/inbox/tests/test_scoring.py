"""Scoring in the inbox: members self-score and explain, the round's leader reviews; members are told each step."""

from datetime import date

from tdkt.emulation import scoring
from tdkt.emulation.tests.test_services import cluster  # noqa: F401 (fixture)
from tdkt.inbox.dispatch import dispatch_pending
from tdkt.inbox.models import Notification
from tdkt.inbox.selectors import inbox_for

DAY = date(2025, 7, 1)


def scoring_entries(actor):
    return [
        (e.action, e.detail) for g in inbox_for(actor=actor, today=DAY).groups if g.key == "scoring" for e in g.entries
    ]


def test_members_self_score_explain_and_the_leader_reviews(org, cluster):  # noqa: F811
    from tdkt.emulation import services

    services.cluster_leader_set(actor=org.admin, cluster=cluster, year=2022, leader=org.c)
    round_ = scoring.round_create(actor=org.admin, cluster=cluster, year=2022)
    work = scoring.criterion_add(actor=org.admin, round_=round_, name="Thực hiện nhiệm vụ", max_points=60)
    assert scoring_entries(org.officer_a) == []  # criteria being written: nothing for a member yet
    scoring.round_advance(actor=org.admin, round_=round_)
    assert scoring_entries(org.officer_a) == [("Tự chấm điểm", "Cục Chính trị")]
    assert scoring_entries(org.officer_b) == [("Tự chấm điểm", "Cục Hậu cần")]  # each officer for their own unit
    assert scoring_entries(org.viewer_a) == []
    for unit, officer in ((org.a, org.officer_a), (org.b, org.officer_b)):
        scoring.score_self(actor=officer, round_=round_, unit=unit, criterion=work, points=50)
    scoring.round_advance(actor=org.admin, round_=round_)  # to review
    assert scoring_entries(org.officer_a) == []
    scoring.score_review(actor=org.admin, round_=round_, unit=org.a, criterion=work, points=40, note="Thiếu minh chứng")
    scoring.round_advance(actor=org.admin, round_=round_)  # to explanations
    # only the unit the leader commented on is asked to explain
    assert scoring_entries(org.officer_a) == [("Giải trình theo nhận xét của cụm trưởng", "Cục Chính trị")]
    assert scoring_entries(org.officer_b) == []
    dispatch_pending()
    notes = [n.title for n in Notification.objects.filter(user=org.officer_a)]
    assert "Đợt chấm điểm Cụm thi đua số 4 năm 2022 đã mở: đơn vị tự chấm điểm." in notes
    # the administrator of the Military Region reviewed, not the leader (Cục Kỹ thuật): the note says who
    assert "Bộ Tư lệnh Quân khu nhận xét tiêu chí “Thực hiện nhiệm vụ” của Cục Chính trị." in notes
    assert not Notification.objects.filter(user=org.officer_b, title__contains="nhận xét tiêu chí").exists()


def test_the_leaders_review_is_the_leaders_and_a_moved_round_ends_the_self_scoring_notice(org, cluster):  # noqa: F811
    from tdkt.emulation import services
    from tdkt.org.choices import Role
    from tdkt.org.tests.factories import UserFactory

    leader_officer = UserFactory(username="canbo.c", roles=[(org.c, Role.CAN_BO_TDKT)])
    services.cluster_leader_set(actor=org.admin, cluster=cluster, year=2022, leader=org.c)
    round_ = scoring.round_create(actor=org.admin, cluster=cluster, year=2022)
    work = scoring.criterion_add(actor=org.admin, round_=round_, name="Thực hiện nhiệm vụ", max_points=60)
    scoring.round_advance(actor=org.admin, round_=round_)  # to self-scoring
    dispatch_pending()
    [asked] = Notification.objects.filter(user=org.officer_a, title__contains="tự chấm điểm")
    assert asked.act and asked.done_at is None and asked.read_at is None
    scoring.score_self(actor=org.officer_a, round_=round_, unit=org.a, criterion=work, points=50)
    scoring.round_advance(actor=org.admin, round_=round_)  # to review: self-scoring is over
    scoring.score_review(
        actor=leader_officer, round_=round_, unit=org.a, criterion=work, points=45, note="Bổ sung minh chứng"
    )
    dispatch_pending()
    asked.refresh_from_db()
    assert asked.done_at is not None and asked.read_at is not None  # no longer "new"
    [note] = Notification.objects.filter(user=org.officer_a, title__contains="nhận xét tiêu chí")
    assert note.title == "Cụm trưởng nhận xét tiêu chí “Thực hiện nhiệm vụ” của Cục Chính trị."
