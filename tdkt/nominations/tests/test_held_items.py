"""An award already held (HELD) is refused when an item is added; adding many reports every duplicate at once."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from tdkt.audit.models import AuditEvent
from tdkt.nominations import services
from tdkt.nominations.models import DossierItem
from tdkt.nominations.tests.conftest import YEAR
from tdkt.nominations.tests.test_services import dossier_for
from tdkt.org.tests.factories import client_for
from tdkt.records import services as records
from tdkt.records.models import Award


def _rows() -> tuple[int, int, int]:
    return DossierItem.objects.count(), AuditEvent.objects.count(), Award.objects.count()


def _award(flow, code, year, person=None, number=""):
    extra = (
        {"decision_number": number, "decision_date": date(year, 12, 22), "issuer": "Bộ Quốc phòng"} if number else {}
    )
    return records.award_record(
        actor=flow.org.admin, person=person or flow.org.person_a, entry=flow.entry(code), year=year, **extra
    )


def test_item_add_refuses_a_yearly_title_held_that_year_and_writes_nothing(flow):
    _award(flow, "CSTT", YEAR)
    dossier = dossier_for(flow)
    before = _rows()
    with pytest.raises(
        ValidationError, match=f"Đặng Văn Đức \\(P-A\\) đã được tặng Chiến sĩ tiên tiến năm {YEAR}: không đề nghị lại"
    ):
        services.item_add(actor=flow.org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=flow.org.person_a)
    assert _rows() == before
    # the title of the year before (the flow's CSTT 2024) is no obstacle to another year's
    item = services.item_add(
        actor=flow.org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=flow.org.person_a1
    )
    assert item.eligibility_status == "ELIGIBLE"


def test_item_add_refuses_a_medal_class_held_in_an_earlier_year_but_not_the_next_class_nor_a_bang_khen(flow):
    _award(flow, "HCCSVV3", 2020, number="501/QĐ-BQP")
    _award(flow, "BK_BQP", YEAR, number="502/QĐ-BQP")
    dossier = dossier_for(flow, kind="NIEN_HAN", title="Khen thưởng theo niên hạn")
    before = _rows()
    with pytest.raises(ValidationError, match="năm 2020 \\(quyết định số 501/QĐ-BQP\\); mỗi đối tượng chỉ được tặng"):
        services.item_add(
            actor=flow.org.officer_a, dossier=dossier, entry=flow.entry("HCCSVV3"), person=flow.org.person_a
        )
    assert _rows() == before
    services.item_add(actor=flow.org.officer_a, dossier=dossier, entry=flow.entry("HCCSVV2"), person=flow.org.person_a)
    yearly = dossier_for(flow, title="Tổng kết năm")
    services.item_add(actor=flow.org.officer_a, dossier=yearly, entry=flow.entry("BK_BQP"), person=flow.org.person_a)
    assert DossierItem.objects.count() == before[0] + 2


def test_an_entry_given_once_is_proposed_once_whatever_the_year(flow):
    first = dossier_for(flow, kind="NIEN_HAN", title="Niên hạn 2025")
    services.item_add(actor=flow.org.officer_a, dossier=first, entry=flow.entry("HCCSVV3"), person=flow.org.person_a)
    later = services.dossier_create(
        actor=flow.org.officer_a, unit=flow.org.a, year=YEAR + 1, kind="NIEN_HAN", title="Niên hạn 2026"
    )
    before = _rows()
    with pytest.raises(ValidationError, match=f"đã được đề nghị Huy chương Chiến sĩ vẻ vang hạng Ba năm {YEAR}"):
        services.item_add(
            actor=flow.org.officer_a, dossier=later, entry=flow.entry("HCCSVV3"), person=flow.org.person_a
        )
    assert _rows() == before


def test_a_second_award_of_an_entry_given_once_is_refused_by_the_records(flow):
    _award(flow, "HCCSVV3", 2020, number="501/QĐ-BQP")
    before = _rows()
    with pytest.raises(ValidationError, match="đã được tặng Huy chương Chiến sĩ vẻ vang hạng Ba năm 2020"):
        _award(flow, "HCCSVV3", 2023, number="601/QĐ-BQP")
    assert _rows() == before


def test_add_all_eligible_leaves_held_subjects_out_and_counts_them(flow):
    _award(flow, "CSTT", YEAR)  # Đặng Văn Đức already holds CSTT 2025
    dossier = dossier_for(flow)
    result = services.items_add_from_screening(actor=flow.org.officer_a, dossier=dossier, award_code="CSTT")
    assert (result.added, result.held, result.skipped) == (2, 1, 0)
    assert set(dossier.items.values_list("person__code", flat=True)) == {"P-A1", "P-A11"}
    assert "1 đối tượng đã được tặng nên không đưa vào" in result.summary()
    before = _rows()
    with pytest.raises(ValidationError, match="Không đề nghị lại"):
        services.items_add_from_screening(actor=flow.org.officer_a, dossier=dossier, award_code="CSTT", status="HELD")
    assert _rows() == before


def test_adding_many_reports_every_duplicate_in_one_message(flow):
    first, second = dossier_for(flow), dossier_for(flow, title="Hồ sơ thứ hai")
    services.items_add_from_screening(actor=flow.org.officer_a, dossier=first, award_code="CSTT")
    result = services.items_add_from_screening(actor=flow.org.officer_a, dossier=second, award_code="CSTT")
    assert (result.added, result.skipped) == (0, 3)
    message = result.refusals()
    for name in ("Đặng Văn Đức (P-A)", "Bùi Thị Hồng (P-A1)", "Lê Anh Tuấn (P-A11)"):
        assert f"{name} đã được đề nghị Chiến sĩ tiên tiến năm {YEAR}" in message
    assert message.startswith("Không thêm được 3 đề nghị:") and message.count("Đề nghị khen thưởng tổng kết") == 3
    # the page says it all at once too
    third = dossier_for(flow, title="Hồ sơ thứ ba")
    response = client_for(flow.org.officer_a).post(
        reverse("nominations:bulk_add", args=[third.pk]), {"award": "CSTT", "status": "ELIGIBLE"}
    )
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(m.startswith("Đã thêm 0 đề nghị") and "3 không thêm được" in m for m in shown)
    refusals = [m for m in shown if m.startswith("Không thêm được 3 đề nghị")]
    assert len(refusals) == 1 and all(n in refusals[0] for n in ("Đặng Văn Đức", "Bùi Thị Hồng", "Lê Anh Tuấn"))


def test_the_api_adding_from_a_screening_answers_every_refusal_and_the_held_count(flow):
    from rest_framework.test import APIClient

    _award(flow, "CSTT", YEAR)
    first, second = dossier_for(flow), dossier_for(flow, title="Hồ sơ thứ hai")
    services.items_add_from_screening(actor=flow.org.officer_a, dossier=first, award_code="CSTT")
    api = APIClient()
    api.force_authenticate(flow.org.officer_a)
    body = api.post(f"/api/v1/dossiers/{second.pk}/items-from-screening/", {"award": "CSTT"}, format="json").json()
    assert body["items"] == [] and body["screening"]["added"] == 0 and body["screening"]["held"] == 1
    assert len(body["screening"]["refused"]) == 2 and "Bùi Thị Hồng (P-A1)" in " ".join(body["screening"]["refused"])
