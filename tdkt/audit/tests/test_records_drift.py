"""Issue #14, finding 18: `tdkt audit verify --records` sees a business row edited straight in the database.

The chain only proves the events untouched; a direct `UPDATE` of a person's name used to go unnoticed.
"""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from tdkt.audit.drift import records_drift
from tdkt.org import services as org_services
from tdkt.org.choices import Role
from tdkt.org.models import Person, RoleAssignment, Unit
from tdkt.records import services as records_services
from tdkt.records.models import Award, CatalogueEntry, YearlyRating

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(org):
    """A little of everything the services write: people, units, a transfer, ratings, awards, a revocation,
    roles granted and revoked."""
    gk = CatalogueEntry.objects.get(code="GK")
    award = records_services.award_record(
        actor=org.admin, person=org.person_a, entry=gk, year=2024, kind="THUONG_XUYEN"
    )
    records_services.award_record(actor=org.admin, person=org.person_a1, entry=gk, year=2024, kind="DOT_XUAT")
    records_services.award_revoke(
        actor=org.admin,
        award=award,
        decision_number="5/QĐ-HUY",
        decision_date=date.today(),
        reason="Khen nhầm người",
        issuer="Cục Chính trị",
    )
    records_services.rating_set(actor=org.officer_a, person=org.person_a, year=2024, rating="HTTNV")
    records_services.rating_set(actor=org.officer_a, person=org.person_a, year=2024, rating="HTXSNV", reason="Sửa")
    org_services.person_update(actor=org.officer_a, person=org.person_a11, full_name="Lê Anh Tuấn B", reason="Sửa")
    org_services.person_transfer(actor=org.admin, person=org.person_a11, to_unit=org.b1, effective_on=date.today())
    org_services.unit_update(actor=org.admin, unit=org.c, name="Cục Kỹ thuật Quân khu", reason="Đổi tên")
    grant = org_services.role_grant(actor=org.admin, user=org.outsider, unit=org.c, role=Role.XEM)
    org_services.role_revoke(actor=org.admin, assignment=grant)
    return org


def test_a_clean_record_has_no_drift(history, capsys):
    assert list(records_drift()) == []
    call_command("audit", "verify", "--records")
    out = capsys.readouterr()
    assert "Dữ liệu khớp với nhật ký" in out.out
    assert "Đối chiếu org.person" in out.err  # progress on stderr


def test_a_direct_update_of_a_name_is_reported(history, capsys):
    person = history.person_a
    Person.objects.filter(pk=person.pk).update(full_name="Tên đã bị sửa lén")  # not through tdkt
    drifts = list(records_drift())
    assert [(d.object_type, d.object_id, d.field, d.audited, d.current) for d in drifts] == [
        ("org.person", str(person.pk), "full_name", "Đặng Văn Đức", "Tên đã bị sửa lén")
    ]
    with pytest.raises(CommandError, match="Dữ liệu lệch so với nhật ký: 1 giá trị"):
        call_command("audit", "verify", "--records")
    line = capsys.readouterr().out
    assert f"LỆCH org.person #{person.pk}" in line and "trường full_name" in line
    assert "nhật ký (#" in line and "= Đặng Văn Đức, hiện tại = Tên đã bị sửa lén" in line


def test_direct_edits_of_other_tables_are_reported(history):
    revoked = Award.objects.get(person=history.person_a)
    Award.objects.filter(pk=revoked.pk).update(  # a revocation undone in the database
        status="HIEU_LUC", revoked_by=None, revoked_on=None
    )
    rating = YearlyRating.objects.get(person=history.person_a, year=2024)
    YearlyRating.objects.filter(pk=rating.pk).update(rating="HTNV")
    Unit.objects.filter(pk=history.c.pk).update(parent=history.a)  # a unit moved under another
    RoleAssignment.objects.filter(user=history.officer_b).delete()  # a role removed with no event
    RoleAssignment.objects.create(user=history.viewer_a, unit=history.root, role=Role.QUAN_TRI)  # never audited
    found = {(d.object_type, d.field, str(d.audited), str(d.current)) for d in records_drift()}
    assert ("records.award", "status", "DA_HUY", "HIEU_LUC") in found
    assert ("records.yearlyrating", "rating", "HTXSNV", "HTNV") in found
    assert ("org.unit", "parent", str(history.root.pk), str(history.a.pk)) in found
    assert ("org.roleassignment", "—", "(có)", "(không còn trong cơ sở dữ liệu)") in found
    assert ("records.award", "revoked_on", str(revoked.revoked_on), "None") in found
    assert len(found) == 6  # a row with no event at all has nothing to compare with: the chain never saw it
