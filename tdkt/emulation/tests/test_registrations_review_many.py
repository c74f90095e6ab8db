"""The registrations list for the approving level (issue #16, item 18): each row's unit with its path, the ticked
rows approved or returned together (all or nothing, audited per row), a refusal naming who may approve, and no
registration form for an account that may not register."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tdkt.audit.models import AuditEvent
from tdkt.emulation import services
from tdkt.emulation.models import Registration
from tdkt.org.tests.factories import client_for
from tdkt.records.models import CatalogueEntry

URL = reverse("emulation:registrations")


def _cstt():
    return CatalogueEntry.objects.get(code="CSTT")


def _three(org):
    """Registrations entered by Phòng Tuyên huấn's officer, approved at Cục Chính trị's level."""
    return [
        services.registration_submit(actor=org.officer_a1, entry=_cstt(), year=2025, person=p)
        for p in (org.person_a1, org.person_a11)
    ] + [
        services.registration_submit(
            actor=org.officer_a1, entry=CatalogueEntry.objects.get(code="DVTT"), year=2025, unit=org.a11
        )
    ]


def _statuses(regs):
    return [Registration.objects.get(pk=r.pk).status for r in regs]


def test_the_chosen_registrations_are_approved_together_each_audited(org):
    regs = _three(org)
    assert services.registrations_review_many(actor=org.officer_a, registrations=regs, approve=True) == 3
    assert _statuses(regs) == ["DA_DUYET"] * 3
    events = AuditEvent.objects.filter(action="emulation.registration.reviewed")
    assert sorted(int(e.object_id) for e in events) == sorted(r.pk for r in regs)


def test_one_refused_row_leaves_every_registration_unchanged(org):
    regs = _three(org)
    services.registration_review(actor=org.officer_a, registration=regs[1], approve=True)  # no longer pending
    with pytest.raises(ValidationError) as refused:
        services.registrations_review_many(actor=org.commander, registrations=regs, approve=False, reason="Thiếu")
    assert "Lê Anh Tuấn" in " ".join(refused.value.messages) and "Đã duyệt" in " ".join(refused.value.messages)
    assert _statuses(regs) == ["DANG_KY", "DA_DUYET", "DANG_KY"]
    assert Registration.objects.get(pk=regs[0].pk).reason == ""


def test_a_row_outside_the_actors_level_refuses_the_whole_list(org):
    regs = _three(org)
    with pytest.raises(PermissionDenied) as refused:
        services.registrations_review_many(actor=org.officer_a1, registrations=regs, approve=True)
    assert "Người đã nhập đăng ký không tự duyệt" in str(refused.value)
    assert _statuses(regs) == ["DANG_KY"] * 3
    with pytest.raises(ValidationError):  # returning needs a reason, nothing is returned without one
        services.registrations_review_many(actor=org.officer_a, registrations=regs, approve=False, reason="  ")
    assert _statuses(regs) == ["DANG_KY"] * 3


def test_the_refusal_names_the_officer_or_commander_of_the_level_above(org):
    reg = _three(org)[0]
    with pytest.raises(PermissionDenied) as refused:
        services.registration_review(actor=org.viewer_a, registration=reg, approve=True)
    message = str(refused.value)
    assert "cán bộ thi đua – khen thưởng hoặc chỉ huy của Cục Chính trị" in message
    assert Registration.objects.get(pk=reg.pk).status == "DANG_KY"


def test_the_page_ticks_rows_approves_them_and_shows_each_rows_unit_with_its_path(org):
    regs = _three(org)
    client = client_for(org.commander)
    page = client.get(URL, {"nam": 2025}).content.decode()
    assert "Phòng Tuyên huấn — Cục Chính trị" in page and "Ban Thi đua – Khen thưởng — Phòng Tuyên huấn" in page
    assert 'data-testid="bulk-registrations"' in page and page.count('name="chon"') == 3
    # the commander approves but does not register: no form the service would refuse, a note instead
    assert 'data-testid="register"' not in page and 'data-testid="register-not-allowed"' in page
    response = client.post(URL, {"year": "2025", "bulk": "approve", "chon": [regs[0].pk, regs[2].pk]}, follow=True)
    assert "Đã duyệt 2 đăng ký." in response.content.decode()
    assert _statuses(regs) == ["DA_DUYET", "DANG_KY", "DA_DUYET"]


def test_the_page_refuses_a_return_without_reason_and_a_forged_tick_changing_nothing(org):
    regs = _three(org)
    other = services.registration_submit(actor=org.officer_b, entry=_cstt(), year=2025, person=org.person_b)
    client = client_for(org.officer_a)
    response = client.post(URL, {"year": "2025", "bulk": "return", "chon": [regs[0].pk]}, follow=True)
    assert "Phải ghi lý do trả lại." in response.content.decode()
    response = client.post(URL, {"year": "2025", "bulk": "approve", "chon": [regs[0].pk, other.pk]}, follow=True)
    assert "không còn chờ duyệt hoặc không thuộc phạm vi của bạn" in response.content.decode()
    response = client.post(URL, {"year": "2025", "bulk": "approve"}, follow=True)
    assert "Chọn (đánh dấu) ít nhất một đăng ký." in response.content.decode()
    assert _statuses([*regs, other]) == ["DANG_KY"] * 4
    page = client.get(URL, {"nam": 2025}).content.decode()
    assert 'data-testid="register"' in page and 'data-testid="register-not-allowed"' not in page


def test_a_commander_who_registers_anyway_is_told_who_registers(org):
    client = client_for(org.commander)
    response = client.post(URL, {"year": "2025", "subject_code": "P-A1", "entry": "CSTT"})
    assert response.status_code == 403
    assert "Chỉ cán bộ thi đua – khen thưởng của đơn vị" in response.content.decode()
    assert not Registration.objects.exists()
