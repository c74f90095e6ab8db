"""One grid for a meeting's tallies (issue #16, item 3): every row checked, all saved or none."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tdkt.audit.models import AuditEvent
from tdkt.nominations import services
from tdkt.nominations.choices import ItemStatus
from tdkt.nominations.models import DossierItem, Tally
from tdkt.nominations.services import TallyRow
from tdkt.nominations.tests.factories import big_dossier
from tdkt.nominations.tests.test_services import dossier_for, meeting, to_council


def state():
    return (
        list(DossierItem.objects.order_by("pk").values_list("pk", "status", "status_reason")),
        Tally.objects.count(),
        Tally.recused.through.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_meeting_s_tallies_are_saved_in_one_call_each_with_its_own_outcome(flow):
    dossier, items = big_dossier(flow, 5, stage="council")
    sitting = meeting(flow, dossier)  # nine members present
    audited = AuditEvent.objects.count()
    rows = [TallyRow(item=i.pk, agree=8, disagree=1) for i in items[:4]]
    rows.append(TallyRow(item=items[4].pk, agree=3, disagree=4, invalid=1, recused=(flow.members[2].pk,)))
    result = services.tallies_record(actor=flow.org.council_a, dossier=dossier, meeting=sitting, rows=rows)
    assert result.summary() == "Đã ghi kết quả kiểm phiếu của 5 đề nghị: 4 đạt, 1 không đạt."
    statuses = dict(DossierItem.objects.filter(dossier=dossier).values_list("pk", "status"))
    assert [statuses[i.pk] for i in items] == [ItemStatus.DAT] * 4 + [ItemStatus.KHONG_DAT]
    failed = DossierItem.objects.get(pk=items[4].pk)
    assert failed.status_reason.startswith(f"Hội đồng {sitting.held_on:%d/%m/%Y}: Đồng ý 3/")
    tally = Tally.objects.get(item=items[4])
    assert (tally.agree, tally.disagree, tally.invalid, tally.present, tally.passed) == (3, 4, 1, 9, False)
    assert list(tally.recused.all()) == [flow.members[2]]
    # one audit event per tally and one per item moved
    actions = list(AuditEvent.objects.filter(seq__gt=audited).values_list("action", flat=True))
    assert actions.count("nominations.tally.recorded") == 5 and actions.count("nominations.item.voted") == 5


def test_the_nominee_member_is_recused_in_the_grid_as_in_one_tally(flow):
    dossier = dossier_for(flow)
    nominee = services.item_add(  # Bùi Thị Hồng is member 4 of the council
        actor=flow.org.officer_a,
        dossier=dossier,
        entry=flow.entry("CSTDCS"),
        person=flow.org.person_a1,
        justification="Hoàn thành xuất sắc nhiệm vụ.",
    )
    to_council(flow, dossier)
    sitting = meeting(flow, dossier)
    services.tallies_record(
        actor=flow.org.council_a, dossier=dossier, meeting=sitting, rows=[TallyRow(item=nominee.pk, agree=8)]
    )
    tally = Tally.objects.get(item=nominee)
    assert list(tally.recused.all()) == [flow.members[3]] and tally.passed


def test_one_invalid_row_saves_nothing_and_every_invalid_row_is_named_on_its_row(flow):
    dossier, items = big_dossier(flow, 4, stage="council")
    sitting = meeting(flow, dossier, present=7)  # seven of nine present
    services.tally_record(
        actor=flow.org.council_a, meeting=sitting, item=items[3], agree=7, disagree=0, abstain=0, invalid=0
    )
    before = state()
    rows = [
        TallyRow(item=items[0].pk, agree=6),
        TallyRow(item=items[1].pk, agree=6, disagree=2),  # 8 ballots for 7 present
        TallyRow(item=items[2].pk, agree=5, recused=(999_999,)),  # not a member
        TallyRow(item=items[3].pk, agree=7),  # already tallied at this meeting
    ]
    with pytest.raises(ValidationError) as caught:
        services.tallies_record(actor=flow.org.council_a, dossier=dossier, meeting=sitting, rows=rows)
    assert state() == before  # not even the valid first row
    refusals = caught.value.refusals
    assert set(refusals) == {items[1].pk, items[2].pk, items[3].pk}
    name = f"{items[1].person.full_name} (Chiến sĩ thi đua cơ sở)"
    assert refusals[items[1].pk] == f"{name}: Tổng số phiếu (8) lớn hơn số thành viên được biểu quyết (7)."
    assert refusals[items[2].pk].endswith("Người không tham gia phải là thành viên hội đồng.")
    assert refusals[items[3].pk].endswith("đã có kết quả kiểm phiếu trong cuộc họp.")
    assert caught.value.messages[0].startswith("Chưa ghi kết quả nào: 3 dòng chưa hợp lệ")


def test_a_refused_secretary_saves_nothing(flow):
    dossier, items = big_dossier(flow, 2, stage="council")
    sitting = meeting(flow, dossier)
    before = state()
    with pytest.raises(PermissionDenied):
        services.tallies_record(
            actor=flow.org.officer_a,  # reviews, but is not on the council
            dossier=dossier,
            meeting=sitting,
            rows=[TallyRow(item=i.pk, agree=9) for i in items],
        )
    assert state() == before


def test_forty_tallies_cost_a_constant_number_of_queries(flow, django_assert_max_num_queries):
    dossier, items = big_dossier(flow, 40, stage="council")
    sitting = meeting(flow, dossier)
    rows = [TallyRow(item=i.pk, agree=6 + n % 3, disagree=1) for n, i in enumerate(items)]
    with django_assert_max_num_queries(35):
        services.tallies_record(actor=flow.org.council_a, dossier=dossier, meeting=sitting, rows=rows)
    assert Tally.objects.filter(meeting=sitting).count() == 40
