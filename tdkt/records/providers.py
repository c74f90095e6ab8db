"""What the record needs to know about authorities, handed in by `nominations` (above records) in its `ready()`.

The record keeps decisions and awards; the authorities, their numbering and their competence live in
`nominations`, which sits above `records` in the layers contract. Two questions cross the line the other way:

- **Numbering** (`SeriesClaim`): which decision numbers tdkt allocates itself. A recorded decision (hand entry,
  API, import) may not take a number of the form ``N/<number_suffix>`` of an authority in a year tdkt numbers it.
- **Competence** (`AuthorityDirectory.revocation_refusal`): may the body named as issuer of a recorded revocation
  annul this award? The one function deciding "may this authority award/revoke this entry" is
  `nominations.competence.authority_refusal`, on the dated authority matrix.
- **Hand-entered awards** (`award_competence`): an award above the recording officer's authority is the
  competent body's decision (issuer and number). Asked once per write or per import, then evaluated per row in
  memory (`AwardCheck`).

Nothing installed (an installation without nominations) means no tdkt series and no installation authority.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from tdkt.core.text import fold, normalize_spaces


@dataclass(frozen=True)
class SeriesClaim:
    """An authority's decision series: numbers ``N/<suffix>`` from `from_year` on belong to tdkt."""

    suffix: str
    from_year: int
    authority: str


class AwardCheck(Protocol):
    def refusal(self, *, entry, issuer: str, on: date, numbered: bool) -> str | None: ...

    def warning(self, *, entry, issuer: str, on: date, numbered: bool) -> str | None: ...


class AuthorityDirectory(Protocol):
    def series_claims(self) -> list[SeriesClaim]: ...

    def award_competence(self, *, actor) -> AwardCheck: ...

    def revocation_refusal(self, *, award, issuer: str, on: date) -> str | None: ...


_directory: AuthorityDirectory | None = None


def install_authority_directory(directory: AuthorityDirectory) -> None:
    global _directory
    _directory = directory


def series_claims() -> list[SeriesClaim]:
    return _directory.series_claims() if _directory else []


def award_competence(*, actor) -> AwardCheck | None:
    return _directory.award_competence(actor=actor) if _directory else None


def revocation_refusal(*, award, issuer: str, on: date) -> str | None:
    return _directory.revocation_refusal(award=award, issuer=issuer, on=on) if _directory else None


_SERIES_NUMBER = re.compile(r"^\s*0*(\d+)\s*/\s*(.+?)\s*$")


def series_owner(number: str, year: int, claims: Iterable[SeriesClaim]) -> SeriesClaim | None:
    """The claim whose tdkt series this number of this year belongs to (pure: used per row by the import)."""
    match = _SERIES_NUMBER.match(normalize_spaces(number))
    if not match:
        return None
    suffix = fold(match.group(2)).replace(" ", "")
    for claim in claims:
        if year >= claim.from_year and fold(claim.suffix).replace(" ", "") == suffix:
            return claim
    return None


def series_message(number: str, year: int, claim: SeriesClaim) -> str:
    return (
        f"Số {normalize_spaces(number)} năm {year} thuộc dãy số quyết định do hệ thống cấp cho {claim.authority}: "
        "quyết định này chỉ được ban hành trong hệ thống, không ghi tay."
    )
