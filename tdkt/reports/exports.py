"""The annual summary as DOCX (NĐ 30/2020 layout, replaceable template), PDF and XLSX."""

import io

from django.utils import timezone

from tdkt.core.display import XLSX_PERCENT, name, number, percent
from tdkt.core.spreadsheets import xlsx_layout, xlsx_row
from tdkt.nominations.documents import place_date, render, to_pdf

WHO = {"TAP_THE": "Tập thể", "CA_NHAN": "Cá nhân"}


def _kinds(counts: dict) -> str:
    return "; ".join(f"{name('loai_khen', k)}: {number(n)}" for k, n in counts.items()) or "—"


def _pairs(counts: dict, namespace: str = "danh_muc", empty: str = "không có") -> str:
    """ "Chiến sĩ tiên tiến: 1.092; Lao động tiên tiến: 352" — names, never the codes counted by."""
    return "; ".join(f"{name(namespace, k)}: {number(n)}" for k, n in counts.items()) or empty


def summary_docx(summary: dict) -> bytes:
    scope = summary["scope"]["name"]
    c = summary["commendations"]
    context = {
        "parent_body": "",
        "issuing_body": scope.upper(),
        "number": "",
        "place_date": place_date("Đà Nẵng", timezone.localdate()),
        "subject": f"Tổng kết công tác thi đua, khen thưởng năm {summary['year']}",
        "text": summary["text"],
        "rows": [
            {
                "who": WHO[k],
                "subjects": number(c[k]["subjects"]),
                "awards": number(c[k]["awards"]),
                "by_kind": _kinds(c[k]["by_kind"]),
                "by_code": _pairs(c[k]["by_code"]),
            }
            for k in WHO
        ],
        "titles": _pairs(summary["titles"]),
        "exemplars": _pairs(summary["exemplars"], "giai_doan", "chưa có"),
        "high": "{} tập thể, {} cá nhân".format(
            number(summary["proposals_high_level"]["TAP_THE"]), number(summary["proposals_high_level"]["CA_NHAN"])
        ),
        "registrations": "; ".join(
            f"{name('danh_muc', code)}: đăng ký {number(r['registered'])}, đạt {number(r['achieved'])}"
            for code, r in summary.get("registrations", {}).items()
        )
        or "chưa có đăng ký",
        "quotas": "; ".join(
            f"{name('danh_muc', q['code'])} {number(q['held'])}/{number(q['limit'])} "
            f"(tối đa {percent(q['max_share'], 0)} của {number(q['base'])})"
            for q in summary.get("title_quotas", {}).get("scope", [])
        ),
        "next_year": summary["year"] + 1,
        "directions": directions(summary),
        "ranking": "; ".join(
            f"{r['rank']}. {name('don_vi', r['unit'])}" for r in (summary.get("cluster") or {}).get("ranking", [])
        ),
        "recipients": [],
        "signer_authority": "",
        "signer_title": "THỦ TRƯỞNG",
        "signer_rank": "",
        "signer_name": "",
    }
    return render("bao_cao_tong_ket", context)


def directions(summary: dict) -> list[str]:
    """The report's closing section (phương hướng), drawn from what the year's figures show."""
    lines = [
        f"Tiếp tục đẩy mạnh Phong trào Thi đua Quyết thắng năm {summary['year'] + 1}, gắn với thực hiện nhiệm vụ "
        "chính trị trung tâm của đơn vị; tổ chức đăng ký thi đua đầy đủ từ đầu năm."
    ]
    over = [
        part["name"] + f" ({name('danh_muc', q['code'])})"
        for part in summary.get("title_quotas", {}).get("units", [])
        for q in part["quotas"]
        if q["over"]
    ]
    if over:
        lines.append("Rà soát tỷ lệ danh hiệu thi đua vượt mức tối đa theo quy định tại: " + ", ".join(over) + ".")
    registrations = summary.get("registrations", {})
    missed = [name("danh_muc", code) for code, r in registrations.items() if r["achieved"] < r["registered"]]
    if missed:
        lines.append(
            "Phân tích nguyên nhân các chỉ tiêu đăng ký chưa đạt (" + ", ".join(missed) + ") để có biện pháp khắc phục."
        )
    if summary.get("exemplars"):
        lines.append("Tiếp tục bồi dưỡng, tổng kết và nhân rộng các điển hình tiên tiến đã phát hiện.")
    lines.append(
        "Thực hiện khen thưởng kịp thời, đúng người, đúng thành tích, đúng thẩm quyền; quản lý hồ sơ khen thưởng "
        "chặt chẽ, lâu dài."
    )
    return lines


def summary_pdf(summary: dict) -> bytes:
    return to_pdf(summary_docx(summary))


def summary_xlsx(summary: dict) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "TongHop"
    c, high = summary["commendations"], summary["proposals_high_level"]
    rows = [
        ["Năm", summary["year"]],
        ["Phạm vi", summary["scope"]["name"]],
        ["Đề nghị khen cao — tập thể", high["TAP_THE"]],
        ["Đề nghị khen cao — cá nhân", high["CA_NHAN"]],
        ["Khen thưởng — tập thể (số đối tượng)", c["TAP_THE"]["subjects"]],
        ["Khen thưởng — cá nhân (số đối tượng)", c["CA_NHAN"]["subjects"]],
        ["Khen thưởng — tập thể (số lượt)", c["TAP_THE"]["awards"]],
        ["Khen thưởng — cá nhân (số lượt)", c["CA_NHAN"]["awards"]],
        ["Nội dung", summary["text"]],
    ]
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    for title, key, namespace, heading in (
        ("TheoLoai", "by_kind", "loai_khen", "Loại khen thưởng"),
        ("TheoHinhThuc", "by_code", "danh_muc", "Hình thức khen thưởng"),
    ):
        part = workbook.create_sheet(title)
        part.append(["Đối tượng", heading, "Số lượt"])
        for who in WHO:
            for code, n in c[who][key].items():
                part.append(xlsx_row(part, [WHO[who], name(namespace, code), n]))
    quotas = workbook.create_sheet("TyLeDanhHieu")
    quotas.append(["Đơn vị", "Danh hiệu", "Số đạt", "Cơ sở tính", "Tỷ lệ tối đa", "Tối đa", "Vượt", "Căn cứ"])
    title_quotas = summary.get("title_quotas", {})
    for unit_name, rows in [(summary["scope"]["name"], title_quotas.get("scope", []))] + [
        (part["name"], part["quotas"]) for part in title_quotas.get("units", [])
    ]:
        for q in rows:
            values = [unit_name, name("danh_muc", q["code"]), q["held"], q["base"], q["max_share"], q["limit"]]
            quotas.append(xlsx_row(quotas, [*values, "x" if q["over"] else "", q["source"]]))
    for title, data, namespace, heading in (
        ("DanhHieu", summary["titles"], "danh_muc", "Danh hiệu thi đua"),
        ("DienHinh", summary["exemplars"], "giai_doan", "Giai đoạn"),
    ):
        part = workbook.create_sheet(title)
        part.append([heading, "Số lượng"])
        for code, n in data.items():
            part.append(xlsx_row(part, [name(namespace, code), n]))
    for ws in workbook.worksheets:
        # the first sheet is label/value pairs: no header row to freeze
        xlsx_layout(ws, header_rows=0 if ws is sheet else 1, formats={4: XLSX_PERCENT} if ws is quotas else None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def history_docx(subject) -> bytes:
    """Every year of the subject's record (revoked awards marked), for printing."""
    from tdkt.org.models import Person
    from tdkt.records.selectors import record_history

    def names(awards) -> str:
        return "; ".join(
            f"{a.entry.name}{' (đã hủy bỏ)' if a.is_revoked else ''}"
            + (f" — QĐ {a.decision.number}" if a.decision_id else "")
            for a in awards
        )

    rows = [
        {
            "year": y.year,
            "rating": y.rating.get_rating_display() if y.rating else "",
            "titles": names(y.titles),
            "forms": names(y.forms),
            "note": "; ".join(
                [*(f"Sáng kiến: {i.name}" for i in y.initiatives), *(f"Kỷ luật: {d}" for d in y.disciplines)]
            ),
        }
        for y in sorted(record_history(subject=subject), key=lambda y: y.year)
    ]
    is_person = isinstance(subject, Person)
    details = (
        f"{subject.full_name}, {subject.unit.name}"
        if is_person
        else f"{subject.name}" + (f", thuộc {subject.parent.name}" if getattr(subject, "parent_id", None) else "")
    )
    context = {
        "parent_body": "",
        "issuing_body": (subject.unit.name if is_person else subject.name).upper(),
        "number": "",
        "place_date": place_date("Đà Nẵng", timezone.localdate()),
        "subject": subject.full_name if is_person else subject.name,
        "details": details,
        "rows": rows,
        "signer_authority": "XÁC NHẬN CỦA ĐƠN VỊ",
        "signer_title": "",
        "signer_rank": "",
        "signer_name": "",
    }
    return render("qua_trinh", context)
