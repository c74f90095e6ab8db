"""The dated authority matrix: which body awards, proposes or revokes which catalogue entry, on which day.

Data, not code (`data/authority-matrix.json`, issue #15 item 5): each row names entry codes (or a whole catalogue
level), the action, the competent level and body, the role that signs, its validity and its source with a label
C/H/U. The file is checked when loaded (unknown codes, unknown levels, overlapping rows for the same entry and
action are refused) and held in memory: a lookup never queries the database, so checking every item of a
signing batch costs nothing per item.

A row for an entry code wins over a row for its level; no row means the catalogue's own level (label U).
Rows of another scope (civilian installations, "DAN_SU") are shown for reference and not applied in the army.
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings

from tdkt.core.text import fold, normalize_spaces
from tdkt.nominations.choices import AuthorityLevel
from tdkt.org.choices import Role
from tdkt.records.services import CATALOGUE_FILE

MATRIX_FILE = Path(__file__).parent / "data" / "authority-matrix.json"
ACTIONS = {"award": "Quyết định tặng", "propose": "Đề nghị (trình cấp trên)", "revoke": "Hủy bỏ"}
LABELS = {"C": "Đã xác nhận", "H": "Có khả năng cao", "U": "Chưa xác nhận"}
SCOPES = {"QUAN_DOI": "Quân đội", "DAN_SU": "Cơ quan, địa phương dân sự"}


class MatrixError(ValueError):
    """A row of the matrix file that cannot be used; the message names the row."""


@dataclass(frozen=True)
class MatrixRow:
    number: int  # 1-based position in the file, for messages
    scope: str
    entries: tuple[str, ...]
    entry_level: str
    action: str
    level: str
    body: str
    issuers: tuple[str, ...]
    signer_role: str
    valid_from: date
    valid_to: date | None
    source: str
    label: str
    note: str

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def names(self, issuer: str) -> bool:
        """Whether the issuer written on a decision is this row's body (or one of its usual names)."""
        wanted = fold(normalize_spaces(issuer))
        return bool(wanted) and any(wanted == fold(name) for name in (self.body, *self.issuers))

    @property
    def level_label(self) -> str:
        return AuthorityLevel(self.level).label

    @property
    def action_label(self) -> str:
        return ACTIONS[self.action]

    @property
    def signer_label(self) -> str:
        return Role(self.signer_role).label if self.signer_role else ""


@dataclass(frozen=True)
class AuthorityMatrix:
    version: str
    scope: str
    rows: tuple[MatrixRow, ...]

    def row(self, *, code: str, level: str, action: str, on: date) -> MatrixRow | None:
        """The row in force on `on` for this entry (by code, else by its catalogue level) and action."""
        by_level = None
        for row in self.rows:
            if row.scope != self.scope or row.action != action or not row.covers(on):
                continue
            if code in row.entries:
                return row
            if by_level is None and row.entry_level == level:
                by_level = row
        return by_level

    def award_row(self, entry, on: date) -> MatrixRow | None:
        return self.row(code=entry.code, level=entry.level, action="award", on=on)

    def award_level(self, entry, on: date) -> str:
        """The level competent to award `entry` on `on`: the matrix's, else the catalogue's."""
        row = self.award_row(entry, on)
        return row.level if row else entry.level


def _date(value, field: str, number: int) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise MatrixError(f"Dòng {number}: {field} “{value}” không phải ngày (YYYY-MM-DD).") from None


def _row(raw: dict, number: int, default_scope: str, known_codes: set[str]) -> MatrixRow:
    def need(field: str) -> str:
        value = normalize_spaces(str(raw.get(field) or ""))
        if not value:
            raise MatrixError(f"Dòng {number}: thiếu “{field}”.")
        return value

    entries = tuple(raw.get("entries") or ())
    entry_level = raw.get("entry_level") or ""
    if bool(entries) == bool(entry_level):
        raise MatrixError(f"Dòng {number}: ghi hoặc “entries” (mã danh hiệu, hình thức) hoặc “entry_level”.")
    if unknown := sorted(set(entries) - known_codes):
        raise MatrixError(f"Dòng {number}: mã không có trong danh mục khen thưởng: {', '.join(unknown)}.")
    for field, value in (("entry_level", entry_level or None), ("level", need("level"))):
        if value is not None and value not in AuthorityLevel.values:
            raise MatrixError(f"Dòng {number}: cấp “{value}” ({field}) không có.")
    if (action := need("action")) not in ACTIONS:
        raise MatrixError(f"Dòng {number}: thao tác “{action}” không có (award, propose, revoke).")
    if (scope := raw.get("scope") or default_scope) not in SCOPES:
        raise MatrixError(f"Dòng {number}: phạm vi “{scope}” không có.")
    if (label := need("label")) not in LABELS:
        raise MatrixError(f"Dòng {number}: mức chắc chắn “{label}” phải là C, H hoặc U.")
    if (role := raw.get("signer_role") or "") and role not in Role.values:
        raise MatrixError(f"Dòng {number}: vai trò ký “{role}” không có.")
    valid_from = _date(need("valid_from"), "valid_from", number)
    valid_to = _date(raw.get("valid_to"), "valid_to", number)
    if valid_to is not None and valid_to < valid_from:
        raise MatrixError(f"Dòng {number}: hết hiệu lực trước khi có hiệu lực.")
    return MatrixRow(
        number=number, scope=scope, entries=entries, entry_level=entry_level, action=action, level=raw["level"],
        body=need("body"), issuers=tuple(raw.get("issuers") or ()), signer_role=role, valid_from=valid_from,
        valid_to=valid_to, source=need("source"), label=label, note=normalize_spaces(raw.get("note") or ""),
    )  # fmt: skip


def _check_overlaps(rows: list[MatrixRow]) -> None:
    """Two rows for the same entry (or level), action and scope may not both be in force on one day."""
    seen: dict[tuple, list[MatrixRow]] = {}
    for row in rows:
        for target in row.entries or (f"cấp {row.entry_level}",):
            seen.setdefault((row.scope, row.action, target), []).append(row)
    for (_scope, action, target), group in seen.items():
        group.sort(key=lambda r: r.valid_from)
        for before, after in zip(group, group[1:], strict=False):
            if before.valid_to is None or after.valid_from <= before.valid_to:
                raise MatrixError(
                    f"Dòng {before.number} và dòng {after.number} cùng hiệu lực cho {target} ({action}) "
                    f"từ {after.valid_from:%d/%m/%Y}: mỗi ngày chỉ một cơ quan có thẩm quyền."
                )


def catalogue_codes(path: Path = CATALOGUE_FILE) -> set[str]:
    return {e["code"] for e in json.loads(path.read_text(encoding="utf-8"))["entries"]}


def load_matrix(path: Path = MATRIX_FILE, *, known_codes: set[str] | None = None, scope: str = "") -> AuthorityMatrix:
    """Read and check the matrix file; `MatrixError` names the first bad row."""
    data = json.loads(path.read_text(encoding="utf-8"))
    codes = catalogue_codes() if known_codes is None else known_codes
    default_scope = data.get("scope") or "QUAN_DOI"
    rows = [_row(raw, n, default_scope, codes) for n, raw in enumerate(data.get("rows") or [], start=1)]
    _check_overlaps(rows)
    scope = scope or getattr(settings, "TDKT_AUTHORITY_SCOPE", "") or default_scope
    return AuthorityMatrix(version=str(data.get("version") or ""), scope=scope, rows=tuple(rows))


_current: AuthorityMatrix | None = None


def matrix() -> AuthorityMatrix:
    """The installation's matrix, read once per process."""
    global _current
    if _current is None:
        _current = load_matrix()
    return _current


def install_matrix(value: AuthorityMatrix | None) -> AuthorityMatrix | None:
    """Replace the matrix in use (tests; None reloads the file on next use); returns the previous one."""
    global _current
    previous, _current = _current, value
    return previous
