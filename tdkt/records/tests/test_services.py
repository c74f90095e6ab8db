import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from tdkt.audit.models import AuditEvent
from tdkt.core.errors import DomainError
from tdkt.org import services as org_services
from tdkt.records import services
from tdkt.records.choices import AwardKind, AwardStatus, EntryKind
from tdkt.records.models import Award, CatalogueEntry, YearlyRating
from tdkt.records.selectors import record_history


def entry(code: str) -> CatalogueEntry:
    return CatalogueEntry.objects.get(code=code)


def test_catalogue_is_loaded_from_its_data_file_with_sources(db):
    cstt = entry("CSTT")
    assert (cstt.kind, cstt.subject, cstt.yearly) == (EntryKind.DANH_HIEU, "CA_NHAN", True)
    assert "Đ24" in cstt.legal_source and str(cstt.bonus_multiple) == "0.30"
    assert entry("GK").kind == EntryKind.HINH_THUC and not entry("GK").yearly
    entries = len(json.loads(services.CATALOGUE_FILE.read_text(encoding="utf-8"))["entries"])
    assert services.catalogue_sync(actor=None) == {"created": 0, "updated": 0, "unchanged": entries}
    assert entries >= 27 and entry("KNC_VSNXDQD").level == "BO_QUOC_PHONG"


def test_admin_adds_an_entry_without_code_changes(org):
    new = services.catalogue_entry_create(
        actor=org.admin,
        code="gk_bchqs",
        name="Giấy khen của Chỉ huy trưởng Bộ CHQS tỉnh",
        kind="HINH_THUC",
        subject="CA_HAI",
        level="DON_VI",
        authority="Chỉ huy trưởng Bộ CHQS tỉnh",
        legal_source="Luật TĐKT 2022 Đ75",
    )
    assert new.code == "GK_BCHQS"
    assert AuditEvent.objects.filter(action="records.catalogue.created", object_id=str(new.pk)).exists()
    with pytest.raises(PermissionDenied):
        services.catalogue_entry_create(
            actor=org.officer_a,
            code="X",
            name="X",
            kind="HINH_THUC",
            subject="CA_HAI",
            level="DON_VI",
            authority="X",
            legal_source="X",
        )


def test_rating_is_recorded_then_corrected_with_audit(org):
    services.rating_set(actor=org.officer_a, person=org.person_a, year=2024, rating="HTTNV")
    services.rating_set(actor=org.officer_a, person=org.person_a, year=2024, rating="HTXSNV", reason="Đính chính")
    assert YearlyRating.objects.get(person=org.person_a, year=2024).rating == "HTXSNV"
    event = AuditEvent.objects.filter(action="records.rating.updated").get()
    assert (event.before["rating"], event.after["rating"]) == ("HTTNV", "HTXSNV")


@pytest.mark.parametrize("year, message", [(2099, "không hợp lệ"), (1985, "trước năm sinh")])
def test_rating_years_are_checked(org, year, message):
    with pytest.raises(ValidationError) as exc:
        services.rating_set(actor=org.officer_a, person=org.person_a, year=year, rating="HTTNV")
    assert message in exc.value.message_dict["year"][0]
    assert not YearlyRating.objects.exists()


def test_records_follow_the_remit(org):
    with pytest.raises(Http404):
        services.rating_set(actor=org.officer_b, person=org.person_a, year=2024, rating="HTTNV")
    with pytest.raises(PermissionDenied):
        services.rating_set(actor=org.viewer_a, person=org.person_a, year=2024, rating="HTTNV")
    services.rating_set(actor=org.officer_a, unit=org.a1, year=2024, rating="HTXSNV")


def test_a_yearly_title_once_per_subject_and_year(org):
    services.award_record(actor=org.officer_a, person=org.person_a, entry=entry("CSTT"), year=2024)
    with pytest.raises(ValidationError) as exc:
        services.award_record(
            actor=org.officer_a,
            person=org.person_a,
            entry=entry("CSTT"),
            year=2024,
            decision_number="9/QĐ-CCT",
            issuer="Cục Chính trị",
        )
    assert "đã có danh hiệu" in exc.value.message_dict["entry"][0]
    assert Award.objects.count() == 1


def test_the_database_itself_refuses_a_second_title(org):
    services.award_record(actor=org.officer_a, person=org.person_a, entry=entry("CSTT"), year=2024)
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(person=org.person_a, entry=entry("CSTT"), year=2024, yearly_title=True)


def test_a_decision_lists_a_subject_once_per_code(org):
    services.award_record(
        actor=org.officer_a,
        person=org.person_a,
        entry=entry("GK"),
        year=2024,
        decision_number="12/QĐ-CCT",
        decision_date=date(2025, 1, 5),
        issuer="Cục Chính trị",
    )
    with pytest.raises(ValidationError):
        services.award_record(
            actor=org.officer_a,
            person=org.person_a,
            entry=entry("GK"),
            year=2024,
            decision_number="12/QĐ-CCT",
            decision_date=date(2025, 1, 5),
            issuer="Cục Chính trị",
        )
    services.award_record(
        actor=org.officer_a,
        person=org.person_a,
        entry=entry("GK"),
        year=2024,
        decision_number="13/QĐ-CCT",
        kind=AwardKind.DOT_XUAT,
        issuer="Cục Chính trị",
    )  # another achievement
    assert Award.objects.filter(person=org.person_a, entry__code="GK").count() == 2


def test_titles_and_forms_fit_their_subjects(org):
    with pytest.raises(ValidationError) as exc:
        services.award_record(actor=org.officer_a, person=org.person_a, entry=entry("DVQT"), year=2024)
    assert "không dùng để khen thưởng cá nhân" in exc.value.message_dict["entry"][0]
    services.award_record(actor=org.officer_a, unit=org.a1, entry=entry("DVQT"), year=2024)


def test_no_award_for_a_dissolved_unit_after_its_dissolution(org):
    org_services.unit_dissolve(actor=org.admin, unit=org.a11, dissolved_on=date(2023, 6, 30), successor=org.a1)
    with pytest.raises(ValidationError):
        services.award_record(actor=org.admin, unit=org.a11, entry=entry("DVTT"), year=2024)
    with pytest.raises(ValidationError):
        services.award_record(
            actor=org.admin,
            unit=org.a11,
            entry=entry("GK"),
            year=2023,
            decision_number="1/QĐ",
            decision_date=date(2023, 12, 1),
            issuer="Cục Chính trị",
        )
    services.award_record(
        actor=org.admin,
        unit=org.a11,
        entry=entry("GK"),
        year=2023,
        decision_number="2/QĐ",
        decision_date=date(2023, 5, 1),
        issuer="Cục Chính trị",
    )


def test_revocation_keeps_the_award_marked_and_it_stops_counting(org):
    award = services.award_record(
        actor=org.officer_a,
        person=org.person_a,
        entry=entry("CSTDCS"),
        year=2023,
        decision_number="30/QĐ-CCT",
        decision_date=date(2024, 1, 10),
        issuer="Cục Chính trị",
    )
    services.award_revoke(
        actor=org.officer_a,
        award=award,
        decision_number="5/QĐ-CCT",
        decision_date=date(2024, 6, 1),
        reason="Kê khai không trung thực",
        issuer="Cục Chính trị",
    )
    award.refresh_from_db()
    assert award.status == AwardStatus.DA_HUY and award.revoked_by.is_revocation
    assert Award.objects.filter(pk=award.pk).exists()
    row = next(r for r in record_history(subject=org.person_a) if r.year == 2023)
    assert row.titles == [award] and row.titles[0].is_revoked
    with pytest.raises(DomainError):
        services.award_revoke(
            actor=org.officer_a,
            award=award,
            decision_number="6/QĐ",
            decision_date=date(2024, 6, 2),
            reason="Lần nữa",
            issuer="Cục Chính trị",
        )
    # The title no longer counts, so a correct one can be recorded for that year.
    services.award_record(
        actor=org.officer_a,
        person=org.person_a,
        entry=entry("CSTDCS"),
        year=2023,
        decision_number="31/QĐ-CCT",
        decision_date=date(2024, 7, 1),
        issuer="Cục Chính trị",
    )


def test_revocation_needs_a_reason_and_a_decision(org):
    award = services.award_record(actor=org.officer_a, person=org.person_a, entry=entry("GK"), year=2023)
    with pytest.raises(ValidationError):
        services.award_revoke(
            actor=org.officer_a,
            award=award,
            decision_number="5/QĐ",
            decision_date=date(2024, 1, 1),
            reason="  ",
            issuer="Cục Chính trị",
        )
    with pytest.raises(PermissionDenied):
        services.award_revoke(
            actor=org.viewer_a,
            award=award,
            decision_number="5/QĐ",
            decision_date=date(2024, 1, 1),
            reason="X",
            issuer="Cục Chính trị",
        )
    assert Award.objects.get(pk=award.pk).status == AwardStatus.HIEU_LUC


def test_history_groups_everything_by_year(org):
    services.rating_set(actor=org.officer_a, person=org.person_a, year=2022, rating="HTXSNV")
    services.award_record(actor=org.officer_a, person=org.person_a, entry=entry("CSTT"), year=2022)
    services.award_record(actor=org.officer_a, person=org.person_a, entry=entry("GK"), year=2022)
    services.initiative_record(
        actor=org.officer_a, person=org.person_a, year=2022, name="Cải tiến quy trình", scope="CO_SO"
    )
    services.discipline_record(
        actor=org.officer_a,
        person=org.person_a,
        form="KHIEN_TRACH",
        decided_on=date(2021, 3, 1),
        until=date(2022, 3, 1),
        reason="Vi phạm kỷ luật",
    )
    history = record_history(subject=org.person_a)
    assert [r.year for r in history] == [2022, 2021]
    row = history[0]
    assert row.rating.rating == "HTXSNV" and [a.entry.code for a in row.titles] == ["CSTT"]
    assert [a.entry.code for a in row.forms] == ["GK"] and row.initiatives[0].name == "Cải tiến quy trình"
    assert history[1].disciplines[0].form == "KHIEN_TRACH"
