"""The remit check of an import: every row of every sheet against the units the actor may write.

Runs in the validation pass, once the database facts are loaded (`plan.db_units`, `plan.db_people`),
before anything is written. The rule is the write services' own (`org.policies.EDITORS` on the unit
of the row's subject or one above it, `org.services._check_parent` for new and moved units):

- `DonVi`: an existing unit must be in the remit; a new unit must hang (directly or through other new
  units of the file) under a unit in the remit; a unit the file moves must arrive under one; only a
  superuser creates or makes a top-level unit.
- `CaNhan`: an existing person must be in the remit (leaving from it) and the unit the file gives
  must be in it (arriving in it).
- `DanhGia`, `SangKien`, `KyLuat`, `KhenThuong` (revocation columns included): the row's subject,
  person or unit, whether it exists already or the file creates it, by the same two rules.

Set-based: the remit is a set of unit ids (`policies.Remit`, two queries per import), and each unit
and person code is judged once and remembered, so each row costs a dictionary look-up. Messages name a
unit only when the actor may see it or the file itself names it (no one learns where another
agency's people serve).
"""

from tdkt.exchange.policies import Remit
from tdkt.records.choices import AwardStatus, SubjectType

OUTSIDE = "Ngoài phạm vi quản lý của bạn"
UNKNOWN_UNIT = "một đơn vị bạn không được giao quản lý"


class _Judge:
    def __init__(self, plan, remit: Remit):
        self.plan, self.remit = plan, remit
        self.units: dict[str, str | None] = {}  # unit code -> why its rows are refused (None: allowed)
        self.people: dict[str, str | None] = {}

    def unit_phrase(self, unit_id: int, named: str | None = None) -> str:
        """An existing unit outside the write remit, named only if the actor may see it or the file names it."""
        code = self.plan.unit_code_by_id.get(unit_id)
        if code and self.remit.sees(unit_id):
            name = self.plan.db_units[code][4]
            return f"đơn vị {code} – {name} (vai trò của bạn tại đơn vị này không cho phép ghi hồ sơ)"
        return f"đơn vị {named}" if named else UNKNOWN_UNIT

    def unit(self, code: str) -> str | None:
        """Why rows about unit `code` (as the file has it) may not be written; None when they may.

        Walks up the new units of the file (iteratively: a file may hold a long chain) to the first unit
        that exists in the database, and gives every unit on the way the same verdict.
        """
        plan, chain, walked, verdict = self.plan, [], set(), None
        current: str | None = code
        while current is not None:
            if current in self.units:
                verdict = self.units[current]
                break
            db = plan.db_units.get(current)
            if db is not None:
                verdict = None if self.remit.writes(db[0]) else self.unit_phrase(db[0], named=current)
                chain.append(current)
                break
            row = plan.units.get(current)
            if row is None:  # not in the file nor the database: reported as not found by the other checks
                chain.append(current)
                break
            if current in walked:  # a cycle, reported by the unit checks; never inside the remit
                verdict = f"đơn vị {current} nằm dưới chính nó"
                break
            chain.append(current)
            walked.add(current)
            parent = row.values.get("ma_don_vi_cap_tren")
            if not parent and ("DonVi", row.number, "ma_don_vi_cap_tren") in plan.bad_cells:
                break  # the parent cell is reported as unreadable: nothing to judge the unit by
            if not parent:
                verdict = f"đơn vị mới {current} không có đơn vị cấp trên (chỉ quản trị hệ thống cấp cao nhất tạo)"
                break
            current = parent
        for item in chain:
            self.units[item] = verdict
        return verdict

    def person(self, code: str) -> str | None:
        if code in self.people:
            return self.people[code]
        verdict = None
        db = self.plan.db_people.get(code)
        if db is not None and not self.remit.writes(db[1]):
            verdict = f"cá nhân {code} thuộc {self.unit_phrase(db[1])}"
        else:
            row = self.plan.people.get(code)
            why = self.unit(row.values["ma_don_vi"]) if row is not None else None
            if why:
                verdict = f"cá nhân {code} được ghi về {why}"
        self.people[code] = verdict
        return verdict


def check_remit(plan, remit: Remit) -> None:
    """Report every row whose subject lies outside the actor's write remit (one line per refused row)."""
    if remit.everything:
        return
    judge = _Judge(plan, remit)

    def refuse(sheet: str, number: int, column: str, value, why: str) -> None:
        plan.error(sheet, number, column, value, f"{OUTSIDE}: {why}.")

    present = plan.present.get("DonVi", set())
    for code, row in plan.units.items():
        db = plan.db_units.get(code)
        if db is None:
            why = judge.unit(code)
            if why:
                parent = row.values.get("ma_don_vi_cap_tren")
                if parent:
                    refuse("DonVi", row.number, "Mã đơn vị cấp trên", parent, f"đơn vị mới {code} nằm dưới {why}")
                else:
                    refuse("DonVi", row.number, "Mã đơn vị cấp trên", "", why)
            continue
        if not remit.writes(db[0]):
            refuse("DonVi", row.number, "Mã đơn vị", code, judge.unit_phrase(db[0], named=code))
            continue
        if "ma_don_vi_cap_tren" in present:
            parent = row.values.get("ma_don_vi_cap_tren")
            if (
                parent == plan.unit_code_by_id.get(db[1])
                or ("DonVi", row.number, "ma_don_vi_cap_tren") in plan.bad_cells
            ):
                continue
            if not parent:
                refuse(
                    "DonVi", row.number, "Mã đơn vị cấp trên", "", "chỉ quản trị hệ thống cấp cao nhất đặt đơn vị gốc"
                )
                continue
            why = judge.unit(parent)
            if why:
                refuse("DonVi", row.number, "Mã đơn vị cấp trên", parent, f"đơn vị {code} được chuyển về dưới {why}")

    for code, row in plan.people.items():
        db = plan.db_people.get(code)
        if db is not None and not remit.writes(db[1]):
            refuse("CaNhan", row.number, "Mã cá nhân", code, f"cá nhân {code} đang thuộc {judge.unit_phrase(db[1])}")
        target = row.values["ma_don_vi"]
        why = judge.unit(target) if target else None  # an unreadable cell is reported already
        if why:
            refuse("CaNhan", row.number, "Mã đơn vị", target, why)

    person, unit = judge.person, judge.unit
    for (stype, code, _year), row in plan.ratings.items():
        why = person(code) if stype == SubjectType.CA_NHAN else unit(code)
        if why:
            refuse("DanhGia", row.number, "Mã đối tượng", code, why)
    for sheet, rows in (("SangKien", plan.initiatives), ("KyLuat", plan.disciplines)):
        for key, row in rows.items():
            why = person(key[0])
            if why:
                refuse(sheet, row.number, "Mã cá nhân", key[0], why)
    for key, row in plan.awards.items():
        why = person(key[1]) if key[0] == SubjectType.CA_NHAN else unit(key[1])
        if why:
            if row.get("trang_thai") == AwardStatus.DA_HUY or row.get("so_quyet_dinh_huy"):
                why += "; không được hủy bỏ khen thưởng của đối tượng này"
            refuse("KhenThuong", row.number, "Mã đối tượng", key[1], why)
