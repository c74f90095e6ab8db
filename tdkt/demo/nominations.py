"""Demo: the chain of authorities of Military Region 5, councils, and the 2022 khen cao proposals of
Cluster 4 — nearly 40 collectives and more than 400 individuals (the seed report) — as dossiers that
went through the flow: agency council, forwarded to the Military Region, voted there, forwarded to the
Ministry of Defence, where they wait. Idempotent: run again, it creates nothing twice."""

import random
from datetime import date

from django.db import transaction
from django.utils import timezone

from tdkt.nominations import services
from tdkt.nominations.choices import AuthorityLevel, CouncilRole, ItemStatus
from tdkt.nominations.models import Authority, Council, Dossier
from tdkt.org.models import Person, Unit, User
from tdkt.org.scoping import descendant_ids
from tdkt.records.models import CatalogueEntry
from tdkt.rules.model import Status

SEED = 2022
AGENCIES = {  # code: (short suffix, name, head's title)
    "QK5-BTM": ("BTM", "Bộ Tham mưu", "THAM MƯU TRƯỞNG"),
    "QK5-CCT": ("CCT", "Cục Chính trị", "CHỦ NHIỆM"),
    "QK5-CHC": ("CHC", "Cục Hậu cần", "CHỦ NHIỆM"),
    "QK5-CKT": ("CKT", "Cục Kỹ thuật", "CHỦ NHIỆM"),
}
OFFICERS = {"QK5-BTM": "canbo.btm", "QK5-CCT": "canbo.cct", "QK5-CHC": "canbo.chc", "QK5-CKT": "canbo.ckt"}
# The seed: "đề nghị khen cao cho gần 40 tập thể, hơn 400 cá nhân".
PROPOSALS_2022 = {"QK5-BTM": (10, 105), "QK5-CCT": (10, 102), "QK5-CHC": (9, 103), "QK5-CKT": (9, 102)}
COUNCIL_ROLES = [CouncilRole.CHU_TICH, CouncilRole.PHO_CHU_TICH] + [CouncilRole.UY_VIEN] * 6 + [CouncilRole.THU_KY]
NAMES = [
    "Nguyễn Văn An",
    "Trần Quốc Bảo",
    "Lê Minh Châu",
    "Phạm Đức Dũng",
    "Hoàng Văn Em",
    "Võ Thị Giang",
    "Đỗ Hữu Hải",
    "Bùi Công Khanh",
    "Đặng Thị Lan",
]


def _authority(code, name, level, *, unit=None, parent=None, **fields) -> Authority:
    found = Authority.objects.filter(code=code).first()
    return found or services.authority_create(
        actor=None, code=code, name=name, level=level, unit=unit, parent=parent, **fields
    )


def build_authorities() -> dict[str, Authority]:
    cp = _authority(
        "TTG",
        "Thủ tướng Chính phủ",
        AuthorityLevel.NHA_NUOC,
        issuing_body="THỦ TƯỚNG CHÍNH PHỦ",
        number_suffix="QĐ-TTg",
        place="Hà Nội",
        signer_title="THỦ TƯỚNG",
    )
    bqp = _authority(
        "BQP",
        "Bộ Quốc phòng",
        AuthorityLevel.BO_QUOC_PHONG,
        parent=cp,
        issuing_body="BỘ QUỐC PHÒNG",
        number_suffix="QĐ-BQP",
        place="Hà Nội",
        signer_title="BỘ TRƯỞNG",
    )
    btl = _authority(
        "BTL-QK5",
        "Bộ Tư lệnh Quân khu 5",
        AuthorityLevel.QUAN_KHU,
        unit=Unit.objects.get(code="QK5"),
        parent=bqp,
        parent_body="BỘ QUỐC PHÒNG",
        issuing_body="BỘ TƯ LỆNH QUÂN KHU 5",
        number_suffix="QĐ-BTL",
        submission_suffix="TTr-BTL",
        signer_title="TƯ LỆNH",
    )
    out = {"TTG": cp, "BQP": bqp, "QK5": btl}
    for code, (short, name, head) in AGENCIES.items():
        out[code] = _authority(
            short,
            name,
            AuthorityLevel.DON_VI,
            unit=Unit.objects.get(code=code),
            parent=btl,
            parent_body="BỘ TƯ LỆNH QUÂN KHU 5",
            issuing_body=name.upper(),
            number_suffix=f"QĐ-{short}",
            submission_suffix=f"TTr-{short}",
            signer_title=head,
        )
    return out


def build_councils(actor) -> None:
    secretary = User.objects.get(username="hoidong.qk5")
    for code in ("QK5", *AGENCIES):
        unit = Unit.objects.get(code=code)
        if Council.objects.filter(unit=unit).exists():
            continue
        council = services.council_create(
            actor=actor, unit=unit, name=f"Hội đồng Thi đua – Khen thưởng {unit.name}", term_start=date(2021, 1, 1)
        )
        for name, role in zip(NAMES, COUNCIL_ROLES, strict=True):
            services.council_member_add(
                actor=actor,
                council=council,
                full_name=name,
                role=role,
                rank="Đại tá" if role == CouncilRole.CHU_TICH else "Thượng tá",
                user=secretary if role == CouncilRole.THU_KY and code == "QK5" else None,
            )


def _vote(actor, dossier, *, held_on: date, place: str) -> None:
    dossier = Dossier.objects.select_related("authority__unit").get(pk=dossier.pk)
    council = services.council_for(dossier.authority.unit, held_on)
    members = list(council.members.all())
    meeting = services.meeting_create(
        actor=actor, dossier=dossier, held_on=held_on, place=place, presided_by=members[0], attendees=members
    )
    for item in dossier.items.filter(status=ItemStatus.DE_NGHI):
        services.tally_record(
            actor=actor, meeting=meeting, item=item, agree=len(members), disagree=0, abstain=0, invalid=0
        )
    services.dossier_transition(actor=actor, dossier=dossier, action="close_vote")


def _proposals(rng, agency: Unit, individuals: int, collectives: int):
    """Who each agency proposes: the best of its 2022 record first (BK_BQP eligible), then others."""
    from tdkt.eligibility.screening import screen_bulk

    screening = screen_bulk(year=2022, root=agency, award_codes=["BK_BQP"])
    eligible = [
        r.subject_id for r in screening.select(award="BK_BQP", status=Status.ELIGIBLE) if r.subject_type == "CA_NHAN"
    ]
    people = list(
        Person.objects.filter(unit_id__in=descendant_ids([agency.pk])).order_by("code").values_list("id", flat=True)
    )
    rest = [p for p in people if p not in set(eligible)]
    rng.shuffle(rest)
    chosen = (eligible + rest)[:individuals]
    units = list(Unit.objects.filter(id__in=descendant_ids([agency.pk], include_self=False)).order_by("code"))
    return chosen, rng.sample(units, collectives)


@transaction.atomic
def load_demo_nominations() -> dict:
    actor = User.objects.get(username="quantri")
    commander = User.objects.get(username="chihuy.qk5")
    council = User.objects.get(username="hoidong.qk5")
    build_authorities()
    build_councils(actor)
    rng = random.Random(SEED)
    entries = {e.code: e for e in CatalogueEntry.objects.filter(code__in=["BK_BQP", "CSTDTQUAN", "BK_TTG", "CO_BQP"])}
    created = {"dossiers": 0, "items": 0}
    title = "Đề nghị khen cao năm 2022"
    for code, (collectives, individuals) in PROPOSALS_2022.items():
        agency = Unit.objects.get(code=code)
        if Dossier.objects.filter(unit=agency, year=2022, kind="KHEN_CAO", title=title).exists():
            continue
        officer = User.objects.get(username=OFFICERS[code])
        dossier = services.dossier_create(actor=officer, unit=agency, year=2022, kind="KHEN_CAO", title=title)
        people, units = _proposals(rng, agency, individuals, collectives)
        for n, pid in enumerate(people):
            entry = entries["CSTDTQUAN"] if n % 40 == 7 else entries["BK_TTG"] if n % 50 == 13 else entries["BK_BQP"]
            item = services.item_add(
                actor=officer,
                dossier=dossier,
                entry=entry,
                person=Person.objects.get(pk=pid),
                achievement="Hoàn thành xuất sắc nhiệm vụ năm 2022",
            )
            if item.eligibility_status != Status.ELIGIBLE:
                services.item_update(
                    actor=officer,
                    item=item,
                    justification=(
                        "Thành tích xuất sắc trong diễn tập khu vực phòng thủ và cứu hộ, cứu nạn năm 2022; "
                        "đề nghị cấp trên xem xét."
                    ),
                )
        for n, unit in enumerate(units):
            services.item_add(
                actor=officer,
                dossier=dossier,
                entry=entries["CO_BQP" if n == 0 else "BK_BQP"],
                unit=unit,
                achievement="Tập thể hoàn thành xuất sắc nhiệm vụ năm 2022",
                justification="Đơn vị dẫn đầu phong trào Thi đua Quyết thắng của cơ quan năm 2022.",
            )
        created["dossiers"] += 1
        created["items"] += dossier.items.count()
        for action in ("submit", "receive", "to_council"):
            services.dossier_transition(actor=officer, dossier=dossier, action=action)
        # The dossier is submitted today, so both councils meet today: submission ≤ agency ≤ region meeting ≤ today.
        today = timezone.localdate()
        _vote(council, dossier, held_on=today, place=f"Hội trường {agency.name}")
        services.dossier_transition(actor=officer, dossier=dossier, action="forward")
        # At the Military Region: received, voted by its council, forwarded to the Ministry.
        services.dossier_transition(actor=commander, dossier=dossier, action="receive")
        services.dossier_transition(actor=commander, dossier=dossier, action="to_council")
        _vote(council, dossier, held_on=today, place="Hội trường Bộ Tư lệnh Quân khu 5")
        services.dossier_transition(actor=commander, dossier=dossier, action="forward")
    return created
