"""Summary counts against expectations computed independently, in Python, from what the test created:
revoked awards, thematic (CHUYEN_DE) awards, a transfer in mid-year and a merged unit included."""

import random
from datetime import date

from tdkt.org import services as org_services
from tdkt.org.tests.factories import person_create
from tdkt.records import services
from tdkt.records.models import CatalogueEntry
from tdkt.reports.summary import annual_summary

KINDS = ["THUONG_XUYEN", "DOT_XUAT", "NHIEM_VU", "CHUYEN_DE"]


def test_counts_match_an_independent_tally(org):
    rng = random.Random(7)
    gk, bk = CatalogueEntry.objects.get(code="GK"), CatalogueEntry.objects.get(code="BK_BQP")
    people = [
        person_create(rng.choice([org.a, org.a1, org.a11, org.b, org.b1]), code=f"T{i:03d}", full_name=f"Người {i}")
        for i in range(40)
    ]
    merged = org_services.unit_create(
        actor=org.admin, code="CCT-CU", name="Ban cũ", parent=org.a, founded_on=date(2000, 1, 1), unit_type="BAN"
    )
    created = []  # (subject kind, subject, entry, kind, revoked)
    for i, person in enumerate(people):
        for _ in range(rng.randint(0, 2)):
            kind, entry = rng.choice(KINDS), rng.choice([gk, gk, bk])
            try:
                award = services.award_record(
                    actor=org.admin,
                    person=person,
                    entry=entry,
                    year=2025,
                    kind=kind,
                    decision_number=f"{len(created) + 1}/QĐ",
                    decision_date=date(2025, 6, 1),
                    issuer="Cục Chính trị",
                )
            except Exception:  # noqa: BLE001 - the record's own rules may refuse a draw (same decision twice)
                continue
            revoked = rng.random() < 0.15
            if revoked:
                services.award_revoke(
                    actor=org.admin,
                    award=award,
                    decision_number=f"H{i}/QĐ",
                    decision_date=date(2025, 7, 1),
                    reason="Thử",
                    issuer="Cục Chính trị",
                )
            created.append(("CA_NHAN", person.pk, entry.code, kind, revoked))
    for unit in (org.a1, org.a11, merged, org.b1):
        for kind in rng.sample(KINDS, 2):
            services.award_record(
                actor=org.admin,
                unit=unit,
                entry=gk,
                year=2025,
                kind=kind,
                decision_number=f"U{unit.pk}{kind}/QĐ",
                decision_date=date(2025, 6, 1),
                issuer="Cục Chính trị",
            )
            created.append(("TAP_THE", unit.pk, "GK", kind, False))
    # a person of Cục Hậu cần moves to Cục Chính trị in July; the merged unit is dissolved into Phòng Tuyên huấn
    mover = next(p for p in people if p.unit_id in (org.b.pk, org.b1.pk))
    org_services.person_transfer(actor=org.admin, person=mover, to_unit=org.a1, effective_on=date(2025, 7, 1))
    org_services.unit_dissolve(actor=org.admin, unit=merged, dissolved_on=date(2025, 9, 1), successor=org.a1)

    from tdkt.org.models import Person

    in_cct = {p.pk for p in Person.objects.filter(unit__in=[org.a, org.a1, org.a11])}
    units_cct = {org.a.pk, org.a1.pk, org.a11.pk, merged.pk}
    counted = [c for c in created if not c[4] and c[3] != "CHUYEN_DE"]
    expected_people = {c[1] for c in counted if c[0] == "CA_NHAN" and c[1] in in_cct}
    expected_units = {c[1] for c in counted if c[0] == "TAP_THE" and c[1] in units_cct}
    summary = annual_summary(year=2025, unit=org.a)
    c = summary["commendations"]
    assert c["CA_NHAN"]["subjects"] == len(expected_people) and c["TAP_THE"]["subjects"] == len(expected_units)
    assert c["CA_NHAN"]["awards"] == sum(1 for x in counted if x[0] == "CA_NHAN" and x[1] in in_cct)
    kinds = {}
    for x in created:
        if x[0] == "CA_NHAN" and x[1] in in_cct and not x[4]:
            kinds[x[3]] = kinds.get(x[3], 0) + 1
    assert c["CA_NHAN"]["by_kind"] == dict(sorted(kinds.items()))
    assert mover.pk in in_cct  # counted where they are now
    assert merged.pk in units_cct and c["TAP_THE"]["subjects"] >= 3  # the merged unit keeps its awards
