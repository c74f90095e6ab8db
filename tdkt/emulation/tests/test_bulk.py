"""Bulk emulation work (issue #16, item 3): registrations from a pasted list, names resolved without
diacritics, every bad line reported at once and nothing saved; several exemplars moved all or nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tdkt.audit.models import AuditEvent
from tdkt.emulation import services
from tdkt.emulation.forms import RegistrationPasteForm, UnitField
from tdkt.emulation.models import Exemplar, ExemplarStep, Registration
from tdkt.emulation.services import RegistrationRow
from tdkt.emulation.subjects import resolve_subject, resolve_title
from tdkt.org.selectors import person_list, unit_list
from tdkt.org.tests.factories import person_create
from tdkt.records.models import CatalogueEntry


def _scope(actor):
    return {"people": person_list(actor=actor), "units": unit_list(actor=actor)}


def _paste(actor, text, *, default="", year="2025"):
    form = RegistrationPasteForm({"text": text, "default_entry": default, "year": year}, **_scope(actor))
    form.is_valid()
    return form


# --- names, not codes -------------------------------------------------------------------------------------


def test_a_name_is_found_whatever_its_accents_and_case(org):
    scope = _scope(org.officer_a)
    assert resolve_subject("bui thi hong", **scope).subject == {"person": org.person_a1}
    assert resolve_subject("  Bùi   Thị Hồng ", **scope).subject == {"person": org.person_a1}
    assert resolve_subject("p-a1", **scope).subject == {"person": org.person_a1}  # a code still works
    assert resolve_subject("phong tuyen huan", **scope).subject == {"unit": org.a1}
    # a whole name, not a part of one: "Bùi Thị" is nobody
    assert resolve_subject("Bùi Thị", **scope).subject is None


def test_a_name_outside_the_remit_is_not_found_and_not_named(org):
    found = resolve_subject("Nguyễn Văn An", **_scope(org.officer_a))  # Cục Hậu cần's
    assert found.subject is None and "Không tìm thấy" in found.error and "Phòng Quân y" not in found.error


def test_two_people_of_the_same_name_are_never_guessed_between(org):
    twin = person_create(org.a11, code="P-A11B", full_name="Bùi Thị Hồng")
    found = resolve_subject("Bui Thi Hong", **_scope(org.officer_a))
    assert found.subject is None
    assert "trùng tên 2 đối tượng" in found.error
    assert "P-A1," in found.error and "P-A11B" in found.error and "Ban Thi đua – Khen thưởng" in found.error
    assert found.error.endswith("hoặc ghi mã cá nhân.") and "mã đơn vị" not in found.error
    assert resolve_subject(twin.code, **_scope(org.officer_a)).subject == {"person": twin}


def test_a_title_by_name_or_code_and_for_the_right_subject(org):
    assert resolve_title("chien si thi dua co so")[0].code == "CSTDCS"
    assert resolve_title("CSTĐCS")[0].code == "CSTDCS"
    entry, error = resolve_title("Đơn vị tiên tiến", subject_type="CA_NHAN")
    assert entry is None and "không phải danh hiệu đăng ký cho cá nhân" in error
    assert resolve_title("Huân chương", subject_type="CA_NHAN")[1].startswith("Không có danh hiệu thi đua")


def test_the_unit_field_takes_a_pk_a_name_or_a_code_of_its_queryset_only(org):
    field = UnitField(queryset=unit_list(actor=org.officer_a))
    assert field.clean(str(org.a1.pk)) == field.clean("phòng tuyên huấn") == field.clean("cct-th") == org.a1
    for foreign in (str(org.b1.pk), "Phòng Quân y", "CHC-QY"):
        with pytest.raises(ValidationError) as refused:
            field.clean(foreign)
        assert "Phòng Quân y" not in " ".join(refused.value.messages) or foreign == "Phòng Quân y"


# --- a pasted list ----------------------------------------------------------------------------------------


def test_a_pasted_list_is_resolved_line_by_line(org):
    form = _paste(
        org.officer_a,
        "1. Đặng Văn Đức, Chiến sĩ tiên tiến\nbui thi hong; CSTT\n\nP-A11\tChiến sĩ thi đua cơ sở\n"
        "Phòng Tuyên huấn, Đơn vị tiên tiến",
    )
    assert form.is_valid(), form.errors
    assert [(line.number, line.who, line.entry.code) for line in form.lines] == [
        (1, org.person_a, "CSTT"),
        (2, org.person_a1, "CSTT"),
        (4, org.person_a11, "CSTDCS"),
        (5, org.a1, "DVTT"),
    ]


def test_every_bad_line_is_reported_at_once_with_its_number(org):
    person_create(org.a11, code="P-A11B", full_name="Bùi Thị Hồng")
    form = _paste(
        org.officer_a,
        "Đặng Văn Đức, CSTT\nBùi Thị Hồng, CSTT\nKhông Có Ai, CSTT\nLê Anh Tuấn, Đơn vị tiên tiến\n"
        "Đặng Văn Đức; Chiến sĩ tiên tiến\nPhòng Tuyên huấn\n",
    )
    assert not form.is_valid()
    errors = form.non_field_errors()
    assert [e.split(" (")[0] for e in errors] == ["Dòng 2", "Dòng 3", "Dòng 4", "Dòng 5", "Dòng 6"]
    assert "trùng tên 2 đối tượng" in errors[0]
    assert "Không tìm thấy cá nhân hoặc đơn vị có tên “Không Có Ai”" in errors[1]
    assert "không phải danh hiệu đăng ký cho cá nhân" in errors[2]
    assert "trùng với dòng 1" in errors[3]
    assert "chưa ghi danh hiệu" in errors[4]


def test_a_line_without_a_title_takes_the_one_chosen_for_the_list(org):
    form = _paste(org.officer_a, "Đặng Văn Đức\nBùi Thị Hồng, Chiến sĩ thi đua cơ sở", default="CSTT")
    assert form.is_valid(), form.errors
    assert [line.entry.code for line in form.lines] == ["CSTT", "CSTDCS"]


def _rows(form):
    return [RegistrationRow(label=line.label, entry=line.entry, **line.subject) for line in form.lines]


def test_the_list_is_registered_all_or_nothing(org):
    cstt = CatalogueEntry.objects.get(code="CSTT")
    services.registration_submit(actor=org.officer_a, entry=cstt, year=2025, person=org.person_a1)
    form = _paste(org.officer_a, "Đặng Văn Đức, CSTT\nBùi Thị Hồng, CSTT\nLê Anh Tuấn, CSTT")
    assert form.is_valid()
    with pytest.raises(ValidationError) as refused:
        services.registrations_submit_many(actor=org.officer_a, year=2025, rows=_rows(form))
    assert refused.value.messages == ["Dòng 2: Bùi Thị Hồng (P-A1) đã đăng ký Chiến sĩ tiên tiến năm 2025."]
    assert Registration.objects.count() == 1  # neither Đặng Văn Đức nor Lê Anh Tuấn
    form = _paste(org.officer_a, "Đặng Văn Đức, CSTT\nLê Anh Tuấn, CSTT")
    assert form.is_valid()
    done = services.registrations_submit_many(actor=org.officer_a, year=2025, rows=_rows(form))
    assert {r.person for r in done} == {org.person_a, org.person_a11}
    assert AuditEvent.objects.filter(action="emulation.registration.submitted").count() == 3  # one per item


def test_a_refused_actor_registers_none_of_the_list(org):
    form = _paste(org.viewer_a, "Đặng Văn Đức, CSTT\nLê Anh Tuấn, CSTT")
    assert form.is_valid()  # a viewer sees them …
    with pytest.raises(PermissionDenied):  # … and may not register them
        services.registrations_submit_many(actor=org.viewer_a, year=2025, rows=_rows(form))
    assert not Registration.objects.exists()


def test_an_empty_list_is_refused(org):
    with pytest.raises(ValidationError, match="Chưa có đối tượng"):
        services.registrations_submit_many(actor=org.officer_a, year=2025, rows=[])
    assert not _paste(org.officer_a, "   \n ").is_valid()


# --- several exemplars ------------------------------------------------------------------------------------


def _exemplar(org, person, stage_days=()):
    exemplar = services.exemplar_create(
        actor=org.officer_a, person=person, field="Huấn luyện", campaigns=[], on=date(2025, 2, 1)
    )
    for stage, day in stage_days:
        services.exemplar_move(actor=org.officer_a, exemplar=exemplar, stage=stage, on=day)
    return exemplar


def test_several_exemplars_move_to_their_next_stage(org):
    first = _exemplar(org, org.person_a)
    second = _exemplar(org, org.person_a1, [("BOI_DUONG", date(2025, 3, 1))])
    moved = services.exemplars_move_next(actor=org.officer_a, exemplars=[first, second], on=date(2025, 5, 1))
    assert [e.stage for e in moved] == ["BOI_DUONG", "TONG_KET"]
    assert AuditEvent.objects.filter(action="emulation.exemplar.moved").count() == 3  # one per move, each item


def test_one_exemplar_that_cannot_move_stops_them_all(org):
    first = _exemplar(org, org.person_a)
    last = _exemplar(
        org,
        org.person_a1,
        [("BOI_DUONG", date(2025, 3, 1)), ("TONG_KET", date(2025, 4, 1)), ("NHAN_RONG", date(2025, 6, 1))],
    )
    late = _exemplar(org, org.person_a11, [("BOI_DUONG", date(2025, 6, 10))])
    steps = ExemplarStep.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.exemplars_move_next(actor=org.officer_a, exemplars=[first, last, late], on=date(2025, 6, 5))
    assert refused.value.messages == [
        "Bùi Thị Hồng (P-A1): đã ở giai đoạn cuối “Nhân rộng”.",
        "Lê Anh Tuấn (P-A11): Ngày phải từ 10/06/2025 trở đi.",
    ]
    assert Exemplar.objects.get(pk=first.pk).stage == "PHAT_HIEN"  # the good one did not move either
    assert ExemplarStep.objects.count() == steps


def test_exemplars_of_another_branch_are_not_moved(org):
    mine = _exemplar(org, org.person_a)
    theirs = services.exemplar_create(
        actor=org.officer_b, person=org.person_b, field="Hậu cần", campaigns=[], on=date(2025, 2, 1)
    )
    with pytest.raises(Http404):  # outside the remit
        services.exemplars_move_next(actor=org.officer_a, exemplars=[mine, theirs], on=date(2025, 5, 1))
    assert list(Exemplar.objects.order_by("pk").values_list("stage", flat=True)) == ["PHAT_HIEN", "PHAT_HIEN"]


def test_two_units_of_a_name_are_told_apart_by_the_units_above(org):
    from tdkt.org import services as org_services

    other = org_services.unit_create(
        actor=org.admin,
        code="CHC-TH",
        name="Phòng Tuyên huấn",
        parent=org.b,
        unit_type="PHONG",
        founded_on=date(2000, 1, 1),
    )
    scope = {"people": person_list(actor=org.admin), "units": unit_list(actor=org.admin)}
    found = resolve_subject("Phòng Tuyên huấn", **scope)
    assert found.subject is None and "Phòng Tuyên huấn — Cục Hậu cần" in found.error and "CHC-TH" not in found.error
    # two units: asked for the unit's code (not a person's), the example is one of the two paths
    assert found.error.endswith("(ví dụ “Phòng Tuyên huấn — Cục Hậu cần”) hoặc ghi mã đơn vị.") or found.error.endswith(
        "(ví dụ “Phòng Tuyên huấn — Cục Chính trị”) hoặc ghi mã đơn vị."
    )
    assert "mã cá nhân" not in found.error
    assert resolve_subject("phong tuyen huan - cuc hau can", **scope).subject == {"unit": other}
    assert resolve_subject("Phòng Tuyên huấn — Cục Chính trị", **scope).subject == {"unit": org.a1}
    # a name holding a dash itself is still one name, and a person is told apart by the unit
    assert resolve_subject("Ban Thi đua – Khen thưởng", **scope).subject == {"unit": org.a11}
    person_create(org.b1, code="P-B2", full_name="Bùi Thị Hồng")
    assert resolve_subject("Bùi Thị Hồng — Phòng Tuyên huấn", **scope).subject == {"person": org.person_a1}
