"""A large dossier for the batch pages and services: many people of Cục Chính trị proposed for CSTĐCS."""

from tdkt.nominations import services
from tdkt.org.tests.factories import person_create

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khánh", "Long", "Minh", "Nam", "Phúc", "Quân"]


def big_dossier(flow, n: int = 40, *, stage: str = "review", entry: str = "CSTDCS"):
    """A dossier of Cục Chính trị with `n` people proposed for `entry` (each justified, so it can be submitted),
    taken to `stage`: "review" (received, Đang xét) or "council" (before the council). Returns (dossier, items)."""
    org = flow.org
    dossier = services.dossier_create(
        actor=org.officer_a, unit=org.a, year=2025, kind="THUONG_XUYEN", title="Đề nghị khen thưởng năm 2025"
    )
    items = []
    for i in range(n):
        person = person_create(
            org.a11, code=f"BULK-{i:03d}", full_name=f"{SURNAMES[i % 10]} Văn {GIVEN[i % 12]} {i + 1}"
        )
        items.append(
            services.item_add(
                actor=org.officer_a,
                dossier=dossier,
                entry=flow.entry(entry),
                person=person,
                justification="Hoàn thành xuất sắc nhiệm vụ năm 2025.",
            )
        )
    for action in ("submit", "receive", *(("to_council",) if stage == "council" else ())):
        dossier = services.dossier_transition(actor=org.officer_a, dossier=dossier, action=action)
    return dossier, items
