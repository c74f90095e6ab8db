"""Records shared by the eligibility tests."""

from datetime import date

import pytest

from tdkt.org import services as org_services
from tdkt.records import services
from tdkt.records.models import CatalogueEntry


def entry(code):
    return CatalogueEntry.objects.get(code=code)


@pytest.fixture
def history(org):
    """Person A: CSTĐCS 2022–2024 (2023 revoked), a CO_SO initiative; a transfer in mid-2024."""
    for year, rating in ((2022, "HTXSNV"), (2023, "HTXSNV"), (2024, "HTXSNV")):
        services.rating_set(actor=org.admin, person=org.person_a, year=year, rating=rating)
        services.award_record(actor=org.admin, person=org.person_a, entry=entry("CSTT"), year=year)
        award = services.award_record(
            actor=org.admin,
            person=org.person_a,
            entry=entry("CSTDCS"),
            year=year,
            decision_number=f"{year - 2000}/QĐ-CCT",
            decision_date=date(year + 1, 1, 10),
            issuer="Cục Chính trị",
        )
        if year == 2023:
            services.award_revoke(
                actor=org.admin,
                award=award,
                decision_number="1/QĐ-HUY",
                decision_date=date(2024, 6, 1),
                reason="Sai quy trình",
                issuer="Cục Chính trị",
            )
    services.initiative_record(actor=org.admin, person=org.person_a, year=2024, name="Cải tiến", scope="CO_SO")
    services.rating_set(actor=org.admin, person=org.person_a1, year=2024, rating="HTTNV")
    services.award_record(actor=org.admin, person=org.person_a1, entry=entry("CSTT"), year=2024)
    org_services.person_transfer(actor=org.admin, person=org.person_a11, to_unit=org.b1, effective_on=date(2024, 7, 1))
    return org
