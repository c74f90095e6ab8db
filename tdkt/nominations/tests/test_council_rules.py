"""One council per term of a unit, one Chủ tịch and one Ủy viên – Thư ký per council (review findings 7, 8)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tdkt.audit.models import AuditEvent
from tdkt.nominations import services
from tdkt.nominations.models import Council, CouncilMember, Meeting


def met_on(flow, day):
    """A meeting of the flow's (open-ended) council on `day`: its term can no longer be closed before that day."""
    return Meeting.objects.create(
        council=flow.council, held_on=day, place="Hội trường", presided_by=flow.members[0], created_by=flow.org.admin
    )


def test_a_term_overlapping_a_councils_term_is_refused_and_nothing_written(flow):
    org = flow.org  # Cục Chính trị's council: from 01/01/2024, open-ended, met on 01/06/2025
    met_on(flow, date(2025, 6, 1))
    services.council_create(
        actor=org.admin, unit=org.a, name="Hội đồng 2019–2023", term_start=date(2019, 1, 1), term_end=date(2023, 12, 31)
    )
    before = list(Council.objects.order_by("pk").values_list("pk", "term_start", "term_end"))
    for start, end in [
        (date(2025, 1, 1), None),  # inside the open-ended current term, which met after that day
        (date(2023, 12, 31), date(2023, 12, 31)),  # the last day of the old term
        (date(2018, 1, 1), date(2019, 1, 1)),  # the first day of the old term
        (date(2018, 1, 1), None),  # an open term reaches every later term
    ]:
        with pytest.raises(ValidationError) as refused:
            services.council_create(actor=org.officer_a, unit=org.a, name="Hội đồng thứ hai", term_start=start,
                                    term_end=end)  # fmt: skip
        message = refused.value.message_dict["term_start"][0]
        assert "mỗi nhiệm kỳ chỉ có một hội đồng" in message and "nhiệm kỳ từ" in message
    assert list(Council.objects.order_by("pk").values_list("pk", "term_start", "term_end")) == before
    assert "01/01/2019, đến 31/12/2023" in _message(org, date(2019, 6, 1), date(2019, 7, 1))


def _message(org, start, end):
    with pytest.raises(ValidationError) as refused:
        services.council_create(actor=org.admin, unit=org.a, name="X", term_start=start, term_end=end)
    return refused.value.message_dict["term_start"][0]


def test_adjacent_terms_and_another_units_council_are_accepted(flow):
    org = flow.org
    services.council_create(
        actor=org.admin, unit=org.a, name="Hội đồng 2019–2023", term_start=date(2019, 1, 1), term_end=date(2023, 12, 31)
    )
    services.council_create(actor=org.admin, unit=org.b, name="Hội đồng Cục Hậu cần", term_start=date(2024, 1, 1))
    assert Council.objects.filter(unit=org.a).count() == 2 and Council.objects.filter(unit=org.b).count() == 1


@pytest.mark.parametrize(("role", "label"), [("CHU_TICH", "Chủ tịch"), ("THU_KY", "Ủy viên, Thư ký")])
def test_a_second_chair_or_secretary_is_refused_and_nothing_written(flow, role, label):
    org, council = flow.org, flow.council
    before = list(council.members.values_list("pk", "role"))
    with pytest.raises(ValidationError) as refused:
        services.council_member_add(actor=org.officer_a, council=council, full_name="Trần Văn Hai", role=role)
    message = refused.value.message_dict["role"][0]
    assert f"đã có {label}" in message and f"mỗi hội đồng chỉ có một {label}" in message
    assert list(council.members.values_list("pk", "role")) == before


def test_more_deputies_and_members_are_accepted(flow):
    org, council = flow.org, flow.council
    count = council.members.count()
    services.council_member_add(actor=org.officer_a, council=council, full_name="Trần Văn Ba", role="PHO_CHU_TICH")
    services.council_member_add(actor=org.officer_a, council=council, full_name="Trần Văn Tư", role="UY_VIEN")
    assert CouncilMember.objects.filter(council=council).count() == count + 2


def test_the_next_term_closes_the_open_one_the_day_before_and_says_so(flow):
    org = flow.org  # Cục Chính trị's council: from 01/01/2024, open-ended, last met on 15/12/2024
    met_on(flow, date(2024, 12, 15))
    nxt = services.council_create(
        actor=org.officer_a, unit=org.a, name="Hội đồng 2025–2029", term_start=date(2025, 1, 1)
    )
    flow.council.refresh_from_db()
    assert flow.council.term_end == date(2024, 12, 31) and nxt.term_end is None
    event = AuditEvent.objects.get(action="nominations.council.term_ended")
    assert event.object_id == str(flow.council.pk) and event.after["term_end"] == "2024-12-31"
