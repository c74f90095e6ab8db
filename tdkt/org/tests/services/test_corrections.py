"""A changed person or unit field asks for a reason; filling an empty one does not (issue #16, item 6)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tdkt.audit.models import AuditEvent
from tdkt.org import services
from tdkt.org.models import Person, Unit
from tdkt.org.tests.factories import client_for


def test_changing_a_persons_name_without_a_reason_is_refused_and_changes_nothing(org):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.person_update(actor=org.officer_a, person=org.person_a, full_name="Đặng Văn Đúc")
    assert "lý do" in exc.value.message_dict["reason"][0]
    assert Person.objects.get(pk=org.person_a.pk).full_name == "Đặng Văn Đức"
    assert AuditEvent.objects.count() == events


def test_filling_an_empty_field_needs_no_reason_and_a_correction_is_audited_with_it(org):
    Person.objects.filter(pk=org.person_a.pk).update(position="")
    services.person_update(actor=org.officer_a, person=org.person_a, position="Trợ lý")
    services.person_update(actor=org.officer_a, person=org.person_a, position="Trưởng ban", reason="QĐ 12/QĐ-CCT")
    event = AuditEvent.objects.filter(action="org.person.updated").latest("seq")
    assert (event.before["position"], event.after["position"], event.reason) == ("Trợ lý", "Trưởng ban", "QĐ 12/QĐ-CCT")


def test_a_units_name_needs_a_reason_its_display_order_does_not(org):
    with pytest.raises(ValidationError):
        services.unit_update(actor=org.admin, unit=org.a1, name="Phòng Tuyên huấn mới")
    assert Unit.objects.get(pk=org.a1.pk).name == "Phòng Tuyên huấn"
    services.unit_update(actor=org.admin, unit=org.a1, position=7)
    services.unit_update(actor=org.admin, unit=org.a1, name="Phòng Tuyên huấn mới", reason="Đổi tên theo QĐ 5")
    assert Unit.objects.get(pk=org.a1.pk).name == "Phòng Tuyên huấn mới"


def test_the_person_form_asks_for_the_reason(org):
    client = client_for(org.officer_a)
    url = reverse("org:person_update", args=[org.person_a.pk])
    page = client.get(url).content.decode()
    assert 'name="reason"' in page and "Lý do sửa" in page
    person = Person.objects.get(pk=org.person_a.pk)
    data = {
        "code": person.code,
        "full_name": "Đặng Văn Đúc",
        "birth_date": person.birth_date.strftime("%d/%m/%Y") if person.birth_date else "",
        "gender": person.gender,
        "category": person.category,
        "rank": person.rank,
        "position": person.position,
        "service_start": person.service_start.strftime("%d/%m/%Y") if person.service_start else "",
        "service_break_months": person.service_break_months,
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "Phải ghi lý do sửa" in response.content.decode()
    assert Person.objects.get(pk=person.pk).full_name == "Đặng Văn Đức"
    response = client.post(url, {**data, "reason": "Sai chính tả"})
    assert response.status_code == 302 and Person.objects.get(pk=person.pk).full_name == "Đặng Văn Đúc"
