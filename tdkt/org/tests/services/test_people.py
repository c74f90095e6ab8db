from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from tdkt.audit.models import AuditEvent
from tdkt.org import services
from tdkt.org.choices import PersonCategory
from tdkt.org.models import Person, Transfer
from tdkt.org.selectors import person_unit_on
from tdkt.org.tests.factories import person_create


def _new(org, **overrides):
    values = {
        "code": "NEW-1",
        "full_name": "Trần Văn Bình",
        "category": PersonCategory.QNCN,
        "unit": org.a1,
        "birth_date": date(1995, 3, 2),
        "service_start": date(2014, 9, 1),
    }
    return services.person_create(actor=org.officer_a, **{**values, **overrides})


def test_create_normalises_the_name_and_records_the_first_assignment(org):
    import unicodedata

    person = _new(org, full_name=unicodedata.normalize("NFD", "  Trần   Văn Bình "))
    assert person.full_name == "Trần Văn Bình" and person.name_folded.startswith("tran van binh")
    first = person.transfers.get()
    assert (first.from_unit, first.to_unit, first.effective_on) == (None, org.a1, date(2014, 9, 1))
    assert AuditEvent.objects.filter(action="org.person.created", object_id=str(person.pk)).count() == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"code": "P-A"}, "code"),
        ({"birth_date": date(2050, 1, 1)}, "birth_date"),
        ({"service_start": date(1990, 1, 1)}, "service_start"),
        ({"full_name": ""}, "full_name"),
    ],
)
def test_invalid_people_are_refused_with_a_field_message(org, overrides, field):
    before = (Person.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        _new(org, **overrides)
    assert field in exc.value.message_dict
    assert (Person.objects.count(), AuditEvent.objects.count()) == before


def test_creating_outside_the_remit(org):
    with pytest.raises(Http404):
        _new(org, unit=org.b1)
    with pytest.raises(PermissionDenied):
        services.person_create(actor=org.viewer_a, code="X", full_name="Ai Đó", category="QNCN", unit=org.a1)


def test_update_keeps_the_unit_and_audits_before_and_after(org):
    person = services.person_update(actor=org.officer_a, person=org.person_a1, position="Trưởng ban", reason="Bổ nhiệm")
    assert person.position == "Trưởng ban"
    event = AuditEvent.objects.filter(action="org.person.updated").latest("seq")
    assert (event.before["position"], event.after["position"], event.reason) == ("Trợ lý", "Trưởng ban", "Bổ nhiệm")
    with pytest.raises(ValidationError):
        services.person_update(actor=org.officer_a, person=org.person_a1, unit=org.a)


def test_update_with_no_change_writes_no_event(org):
    before = AuditEvent.objects.count()
    services.person_update(actor=org.officer_a, person=org.person_a1, position="Trợ lý")
    assert AuditEvent.objects.count() == before


def test_transfer_answers_which_unit_on_a_date(org):
    services.person_transfer(
        actor=org.officer_a,
        person=org.person_a11,
        to_unit=org.a1,
        effective_on=date(2024, 6, 1),
        decision_number="12/QĐ-CT",
    )
    services.person_transfer(actor=org.admin, person=org.person_a11, to_unit=org.b1, effective_on=date(2025, 3, 15))
    person = Person.objects.get(pk=org.person_a11.pk)
    assert person.unit == org.b1 and person.unit_since == date(2025, 3, 15)
    assert person_unit_on(person=person, day=date(2009, 1, 1)) is None
    assert person_unit_on(person=person, day=date(2020, 1, 1)) == org.a11
    assert person_unit_on(person=person, day=date(2024, 6, 1)) == org.a1
    assert person_unit_on(person=person, day=date(2025, 3, 14)) == org.a1
    assert person_unit_on(person=person, day=date(2025, 3, 15)) == org.b1


def test_transfer_into_a_dissolved_unit_is_refused(org):
    empty = services.unit_create(actor=org.admin, code="TAM", name="Tạm thời", parent=org.root)
    services.unit_dissolve(actor=org.admin, unit=empty, dissolved_on=date(2024, 1, 1))
    before = Transfer.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.person_transfer(actor=org.admin, person=org.person_a, to_unit=empty, effective_on=date(2025, 1, 1))
    assert "giải thể" in exc.value.message_dict["to_unit"][0]
    assert Transfer.objects.count() == before


@pytest.mark.parametrize(
    "day, message",
    [
        (date(2009, 12, 31), "nhập ngũ"),
        (timezone.localdate() + timedelta(days=1), "hôm nay"),
    ],
)
def test_transfer_dates_are_checked(org, day, message):
    with pytest.raises(ValidationError) as exc:
        services.person_transfer(actor=org.officer_a, person=org.person_a, to_unit=org.a1, effective_on=day)
    assert message in exc.value.message_dict["effective_on"][0]
    assert Person.objects.get(pk=org.person_a.pk).unit == org.a


def test_transfer_cannot_be_dated_before_the_previous_one(org):
    services.person_transfer(actor=org.officer_a, person=org.person_a, to_unit=org.a1, effective_on=date(2024, 6, 1))
    with pytest.raises(ValidationError):
        services.person_transfer(
            actor=org.officer_a, person=org.person_a, to_unit=org.a11, effective_on=date(2023, 1, 1)
        )


def test_transfer_needs_rights_on_both_units(org):
    with pytest.raises(PermissionDenied):
        services.person_transfer(
            actor=org.officer_a, person=org.person_a, to_unit=org.b1, effective_on=date(2024, 1, 1)
        )
    assert Person.objects.get(pk=org.person_a.pk).unit == org.a


def test_factory_helper_creates_through_the_service(org):
    person = person_create(org.c, code="P-C2", full_name="Ngô Thị Hà")
    assert AuditEvent.objects.filter(action="org.person.created", object_id=str(person.pk)).exists()
