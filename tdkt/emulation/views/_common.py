"""What the emulation pages share: the campaigns offered, dates typed as dd/mm/yyyy."""

from datetime import date

CAMPAIGNS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Phát huy truyền thống, cống hiến tài năng, xứng danh Bộ đội Cụ Hồ",
]


def _day(value: str) -> date | None:
    try:
        return date(*reversed([int(x) for x in value.split("/")])) if "/" in value else date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
