"""A small chain of authorities over the org tree, and a council for Cục Chính trị."""

from dataclasses import dataclass
from datetime import date

import pytest

from tdkt.nominations import services
from tdkt.nominations.choices import AuthorityLevel, CouncilRole
from tdkt.org.tests.factories import OrgTree
from tdkt.records import services as records
from tdkt.records.models import CatalogueEntry

YEAR = 2025


@dataclass
class Flow:
    org: OrgTree
    btl: object
    bqp: object
    cct: object
    chc: object
    council: object
    members: list
    secretary: object

    def entry(self, code):
        return CatalogueEntry.objects.get(code=code)


@pytest.fixture
def flow(org) -> Flow:
    return build_flow(org)


def build_flow(org) -> Flow:
    """Authorities QK → (CCT, CHC) → BQP, a nine-member council for CCT (the secretary is `hoidong.a`;
    member 4 is Bùi Thị Hồng, a nominee), and 2025 ratings with the 2024 CSTT for three people of CCT."""

    def authority(code, name, level, unit=None, parent=None, **kw):
        return services.authority_create(
            actor=None, code=code, name=name, level=level, unit=unit, parent=parent, issuing_body=name.upper(), **kw
        )

    bqp = authority("BQP", "Bộ Quốc phòng", AuthorityLevel.BO_QUOC_PHONG, number_suffix="QĐ-BQP")
    btl = authority(
        "BTL",
        "Bộ Tư lệnh Quân khu",
        AuthorityLevel.QUAN_KHU,
        org.root,
        bqp,
        number_suffix="QĐ-BTL",
        parent_body="BỘ QUỐC PHÒNG",
        signer_title="TƯ LỆNH",
    )
    cct = authority(
        "CCT",
        "Cục Chính trị",
        AuthorityLevel.DON_VI,
        org.a,
        btl,
        number_suffix="QĐ-CCT",
        submission_suffix="TTr-CCT",
        parent_body="QUÂN KHU",
        signer_title="CHỦ NHIỆM",
    )
    chc = authority("CHC", "Cục Hậu cần", AuthorityLevel.DON_VI, org.b, btl, number_suffix="QĐ-CHC")
    council = services.council_create(
        actor=org.admin, unit=org.a, name="Hội đồng TĐKT Cục Chính trị", term_start=date(2024, 1, 1)
    )
    roles = [
        CouncilRole.CHU_TICH,
        CouncilRole.PHO_CHU_TICH,
        CouncilRole.UY_VIEN,
        CouncilRole.UY_VIEN,
        CouncilRole.UY_VIEN,
        CouncilRole.UY_VIEN,
        CouncilRole.UY_VIEN,
        CouncilRole.UY_VIEN,
        CouncilRole.THU_KY,
    ]
    members = [
        services.council_member_add(
            actor=org.admin,
            council=council,
            full_name=f"Thành viên {i + 1}",
            role=role,
            person=org.person_a1 if i == 3 else None,
            user=org.council_a if role == CouncilRole.THU_KY else None,
        )
        for i, role in enumerate(roles)
    ]
    for person in (org.person_a, org.person_a1, org.person_a11):
        records.rating_set(actor=org.admin, person=person, year=YEAR, rating="HTXSNV")
        records.award_record(
            actor=org.admin, person=person, entry=CatalogueEntry.objects.get(code="CSTT"), year=YEAR - 1
        )
    return Flow(org=org, btl=btl, bqp=bqp, cct=cct, chc=chc, council=council, members=members, secretary=members[-1])
