"""Who sees what in the inbox: each entry appears for exactly the actors the owning app lets do the work."""

from datetime import date

from tdkt.emulation import services as emulation
from tdkt.inbox.selectors import inbox_for
from tdkt.inbox.tests.helpers import returned_dossier, submitted_dossier
from tdkt.nominations import services
from tdkt.nominations.tests.conftest import YEAR
from tdkt.records.models import CatalogueEntry

DAY = date(2025, 7, 1)  # no default deadline within 14 days


def entries(actor, key=None, today=DAY):
    inbox = inbox_for(actor=actor, today=today)
    return [e for g in inbox.groups if key is None or g.key == key for e in g.entries]


def test_a_submitted_dossier_waits_for_the_receiving_level_only(flow):
    org = flow.org
    dossier = submitted_dossier(flow)
    mine = entries(org.officer_a, "dossiers")
    assert [(e.action, e.title) for e in mine] == [("Tiếp nhận hồ sơ", dossier.title)]
    assert mine[0].url == dossier.get_absolute_url()
    assert entries(org.officer_b) == []  # another agency sees nothing of it
    assert entries(org.officer_a1, "dossiers") == []  # the sender has nothing to do while it waits
    assert entries(org.viewer_a) == []  # a viewer acts on nothing


def test_a_returned_dossier_is_its_senders_work_with_the_reason(flow):
    org = flow.org
    dossier = returned_dossier(flow)
    [entry] = entries(org.officer_a1, "returned")
    assert entry.reason == "Thiếu báo cáo thành tích của đồng chí Bùi Thị Hồng"
    assert entry.url == dossier.get_absolute_url() and "trình lại" in entry.action
    assert entries(org.officer_b) == []
    assert inbox_for(actor=org.officer_a1, today=DAY).groups[0].key == "returned"  # the reason comes first


def test_the_reason_is_the_last_returns(flow):
    org = flow.org
    dossier = returned_dossier(flow, reason="Lần 1: thiếu biên bản")
    services.dossier_transition(actor=org.officer_a1, dossier=dossier, action="revise")
    services.dossier_transition(actor=org.officer_a1, dossier=dossier, action="submit")
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="return", reason="Lần 2: sai năm")
    assert [e.reason for e in entries(org.officer_a1, "returned")] == ["Lần 2: sai năm"]


def test_vote_and_sign_go_to_the_council_and_the_commander(flow):
    org = flow.org
    dossier = submitted_dossier(flow)
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="receive")
    assert [e.action for e in entries(org.officer_a, "dossiers")][0].startswith("Xét từng đề nghị")
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="to_council")
    vote = entries(org.council_a, "dossiers")
    assert [e.action for e in vote] == ["Ghi kết quả kiểm phiếu và kết thúc biểu quyết"]
    assert vote[0].url.endswith(f"/ho-so/{dossier.pk}/hop/")
    assert entries(org.officer_a, "dossiers") == []  # the officer waits for the council


def test_registrations_wait_for_the_level_above_never_for_who_entered_them(flow):
    org = flow.org
    entry = CatalogueEntry.objects.get(code="CSTDCS")
    emulation.registration_submit(actor=org.officer_a1, entry=entry, year=YEAR, person=org.person_a11)
    [waiting] = entries(org.officer_a, "registrations")
    assert waiting.title == f"1 đăng ký thi đua năm {YEAR} chờ duyệt" and waiting.url.endswith(f"?nam={YEAR}")
    assert entries(org.officer_a1, "registrations") == []  # entered it
    assert entries(org.officer_b, "registrations") == []  # not the level above


def test_deadlines_within_fourteen_days_for_officers_of_their_own_level(flow):
    org = flow.org
    december = date(2025, 12, 5)
    # Cục Chính trị (an authority of the unit level) submits to the Military Region by 10/12
    titles = [e.title for e in entries(org.officer_a, "deadlines", today=december)]
    assert titles == ["Trình hồ sơ khen thưởng tổng kết năm lên Quân khu"]
    assert [e.title for e in entries(org.officer_a1, "deadlines", today=december)] == titles  # a sub-unit: same level
    # the Military Region command writes the year's report; what its units submit to it is not its deadline
    for command in (org.commander, org.admin):
        [report] = entries(command, "deadlines", today=december)
        assert report.title == "Báo cáo tổng kết công tác thi đua, khen thưởng năm"
        assert report.due == date(2025, 12, 15)
        assert report.action == "Lập báo cáo tổng kết — còn 10 ngày đến hạn 15/12/2025"
    assert entries(org.viewer_a, "deadlines", today=december) == []


def test_a_cut_group_says_how_many_it_shows_and_a_whole_one_does_not(flow, monkeypatch):
    from tdkt.inbox import selectors

    org = flow.org
    monkeypatch.setattr(selectors, "SHOWN", 1)
    submitted_dossier(flow, title="Hồ sơ thứ nhất")
    submitted_dossier(flow, person=org.person_a11, title="Hồ sơ thứ hai")
    [group] = [g for g in inbox_for(actor=org.officer_a, today=DAY).groups if g.key == "dossiers"]
    assert (len(group.entries), group.total, group.more) == (1, 2, 1)
    entry = CatalogueEntry.objects.get(code="CSTDCS")
    for person in (org.person_a11, org.person_a1):
        emulation.registration_submit(actor=org.officer_a1, entry=entry, year=YEAR, person=person)
    [group] = [g for g in inbox_for(actor=org.officer_a, today=DAY).groups if g.key == "registrations"]
    assert (len(group.entries), group.total, group.more) == (1, 2, 0)  # one row for the year's two: nothing cut
