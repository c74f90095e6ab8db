from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tdkt.audit.models import AuditEvent
from tdkt.core.errors import DomainError
from tdkt.org import services
from tdkt.org.models import Person, Transfer, Unit


@pytest.fixture
def unchanged():
    """Assert that a refused operation wrote nothing: no unit, person, transfer or audit event."""

    def counts():
        return (
            Unit.objects.count(),
            Person.objects.count(),
            Transfer.objects.count(),
            AuditEvent.objects.count(),
            list(Unit.objects.values_list("id", "parent_id", "dissolved_on")),
        )

    class Check:
        def __enter__(self):
            self.before = counts()

        def __exit__(self, *exc):
            assert counts() == self.before
            return False

    return Check()


def test_officer_creates_a_sub_unit_and_the_event_is_recorded(org):
    unit = services.unit_create(actor=org.officer_a, code=" cct-dv ", name="  Phòng  Dân vận ", parent=org.a)
    assert (unit.code, unit.name, unit.parent) == ("CCT-DV", "Phòng Dân vận", org.a)
    event = AuditEvent.objects.get(action="org.unit.created", object_id=str(unit.pk))
    assert event.actor == org.officer_a and event.after["name"] == "Phòng Dân vận"


def test_duplicate_unit_code_is_refused(org, unchanged):
    with unchanged, pytest.raises(ValidationError) as exc:
        services.unit_create(actor=org.officer_a, code="cct-th", name="Trùng mã", parent=org.a)
    assert "code" in exc.value.message_dict


def test_unit_cannot_become_its_own_ancestor(org, unchanged):
    for new_parent in (org.a, org.a1, org.a11):
        with unchanged, pytest.raises(ValidationError) as exc:
            services.unit_update(actor=org.admin, unit=org.a, parent=new_parent)
        assert "dưới chính nó" in exc.value.message_dict["parent"][0]


def test_moving_a_unit_into_another_branch_needs_rights_there(org, unchanged):
    with unchanged, pytest.raises(Http404):
        services.unit_update(actor=org.officer_a, unit=org.a1, parent=org.b)
    moved = services.unit_update(actor=org.admin, unit=org.a1, parent=org.b, reason="Tổ chức lại")
    assert moved.parent == org.b


def test_viewer_may_not_edit_and_outsider_does_not_see(org, unchanged):
    with unchanged, pytest.raises(PermissionDenied):
        services.unit_update(actor=org.viewer_a, unit=org.a1, name="Đổi tên")
    with unchanged, pytest.raises(Http404):
        services.unit_update(actor=org.officer_b, unit=org.a1, name="Đổi tên")


def test_only_the_top_administrator_creates_root_units(org, unchanged):
    with unchanged, pytest.raises(PermissionDenied):
        services.unit_create(actor=org.admin, code="ROOT2", name="Đơn vị gốc khác", parent=None)


def test_dissolving_moves_people_to_the_successor(org):
    day = date(2025, 7, 1)
    services.unit_dissolve(actor=org.officer_a, unit=org.a11, dissolved_on=day, successor=org.a1, reason="Sáp nhập")
    org.person_a11.refresh_from_db()
    org.a11.refresh_from_db()
    assert org.a11.dissolved_on == day and org.a11.successor == org.a1
    assert org.person_a11.unit == org.a1 and org.person_a11.unit_since == day
    assert Unit.objects.filter(pk=org.a11.pk).exists()  # dissolved, never deleted


def test_dissolving_with_people_and_no_successor_is_refused(org, unchanged):
    with unchanged, pytest.raises(DomainError) as exc:
        services.unit_dissolve(actor=org.officer_a, unit=org.a11, dissolved_on=date(2025, 7, 1))
    assert "quân nhân" in exc.value.message


def test_dissolving_a_unit_with_active_sub_units_is_refused(org, unchanged):
    with unchanged, pytest.raises(DomainError):
        services.unit_dissolve(actor=org.officer_a, unit=org.a1, dissolved_on=date(2025, 7, 1), successor=org.a)


def test_deleting_a_unit_with_people_or_history_is_refused(org, unchanged):
    with unchanged, pytest.raises(DomainError) as exc:
        services.unit_delete(actor=org.admin, unit=org.a11)
    assert "giải thể" in exc.value.message


def test_deleting_an_empty_unit_entered_by_mistake(org):
    unit = services.unit_create(actor=org.admin, code="NHAM", name="Nhập nhầm", parent=org.root)
    services.unit_delete(actor=org.admin, unit=unit, reason="Nhập nhầm")
    assert not Unit.objects.filter(code="NHAM").exists()
    assert AuditEvent.objects.filter(action="org.unit.deleted", object_id=str(unit.pk)).exists()


def test_only_administrators_delete_units(org, unchanged):
    unit = services.unit_create(actor=org.officer_a, code="NHAM", name="Nhập nhầm", parent=org.a)
    with unchanged, pytest.raises(PermissionDenied):
        services.unit_delete(actor=org.officer_a, unit=unit)


def test_dissolution_before_foundation_is_refused(org, unchanged):
    with unchanged, pytest.raises(ValidationError):
        services.unit_dissolve(actor=org.admin, unit=org.c, dissolved_on=date(1999, 1, 1), successor=org.b)
