"""Reference checks of the rows whose natural key is unreadable (issue #16, item 8: errors in one pass).

Such a row cannot be matched with the file or the database (plan.py reports its bad cells), but the codes
it names can still be looked up: its parent unit, its unit, its subject, its award code. Without this, the
officer who fixes the key cell gets a second report with the references wrong in the same row.
"""

from tdkt.records.choices import SubjectType


def _known(plan, sheet: str, code: str) -> bool:
    """A unit ("DonVi") or person ("CaNhan") code that the file or the database holds, or whose own row is
    reported already."""
    in_file, in_db = (plan.units, plan.db_units) if sheet == "DonVi" else (plan.people, plan.db_people)
    return code in in_file or code in in_db or (sheet, code) in plan.failed


def check_unkeyed(plan) -> None:
    """Rows whose natural key is unreadable are not matched or compared, but the codes they name are checked,
    so fixing the key does not bring a second round of errors (issue #16, item 8)."""
    missing_unit, missing_person = (
        "Không tìm thấy đơn vị (trong tệp hay trong hệ thống).",
        ("Không tìm thấy cá nhân (trong tệp hay trong hệ thống)."),
    )
    for sheet, row in plan.unkeyed:
        v, n = row.values, row.number
        if sheet == "DonVi":
            parent = v.get("ma_don_vi_cap_tren")
            if parent and not _known(plan, "DonVi", parent):
                plan.error(
                    sheet,
                    n,
                    "Mã đơn vị cấp trên",
                    parent,
                    "Không tìm thấy đơn vị cấp trên (trong tệp hay trong hệ thống).",
                )
        elif sheet == "CaNhan":
            unit = v.get("ma_don_vi")
            if unit and not _known(plan, "DonVi", unit):
                plan.error(sheet, n, "Mã đơn vị", unit, "Không tìm thấy đơn vị.")
        elif sheet in ("SangKien", "KyLuat"):
            code = v.get("ma_ca_nhan")
            if code and not _known(plan, "CaNhan", code):
                plan.error(sheet, n, "Mã cá nhân", code, missing_person)
        else:  # DanhGia, KhenThuong
            stype, code = v.get("loai_doi_tuong"), v.get("ma_doi_tuong")
            if stype and code:
                person = stype == SubjectType.CA_NHAN
                if not _known(plan, "CaNhan" if person else "DonVi", code):
                    plan.error(sheet, n, "Mã đối tượng", code, missing_person if person else missing_unit)
            entry = v.get("ma_khen_thuong") if sheet == "KhenThuong" else None
            if entry and entry not in plan.entries:
                plan.error(sheet, n, "Mã danh hiệu / hình thức", entry, "Mã không có trong danh mục khen thưởng.")
