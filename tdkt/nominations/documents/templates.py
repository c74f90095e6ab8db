"""The five official documents of the flow as default templates (Jinja tags inside Word paragraphs)."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from tdkt.nominations.documents.layout import (
    body,
    centred,
    heading_block,
    list_table,
    loop,
    new_document,
    page_break,
    signature_block,
    to_bytes,
)


def submission() -> bytes:
    """Tờ trình đề nghị khen thưởng, with its danh sách."""
    doc = new_document()
    heading_block(doc, type_name="TỜ TRÌNH", subject="{{ subject }}")
    centred(doc, "Kính gửi: {{ addressee }}.", bold=False)
    loop(doc, "bases", "{{ item }}", indent=True)
    body(doc, "{{ proposer }} đề nghị {{ addressee }} xét, khen thưởng cho {{ count_text }} (có danh sách kèm theo).")
    loop(doc, "summary", "- {{ item }};", indent=True)
    body(doc, "Kính đề nghị {{ addressee }} xem xét, quyết định./.")
    signature_block(doc)
    page_break(doc)
    centred(doc, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", after=0)
    centred(doc, "(Kèm theo Tờ trình số {{ number }} {{ date_words }} của {{ proposer }})", bold=False)
    list_table(
        doc,
        ["STT", "Họ tên / Tên tập thể", "Cấp bậc, chức vụ, đơn vị", "Hình thức đề nghị", "Xét điều kiện"],
        ["{{ row.n }}", "{{ row.name }}", "{{ row.details }}", "{{ row.award }}", "{{ row.eligibility }}"],
        [12, 50, 55, 30, 23],
    )
    return to_bytes(doc)


def minutes() -> bytes:
    """Biên bản họp Hội đồng TĐKT with the kết quả kiểm phiếu."""
    doc = new_document()
    heading_block(doc, type_name="BIÊN BẢN", subject="{{ subject }}")
    loop(doc, "bases", "{{ item }}", indent=True)
    body(doc, "Thời gian: {{ held_on_words }}. Địa điểm: {{ place }}.")
    body(doc, "Chủ trì: đồng chí {{ chair }}. Thư ký: đồng chí {{ secretary }}.")
    body(doc, "Thành viên có mặt: {{ present }}/{{ members }} đồng chí{% if absent %}; vắng: {{ absent }}{% endif %}.")
    body(
        doc,
        "Nội dung: xét đề nghị khen thưởng theo hồ sơ {{ dossier_titles }}. Hội đồng biểu quyết "
        "bằng phiếu kín; kết quả kiểm phiếu từng đề nghị như sau:",
    )
    centred(doc, "KẾT QUẢ KIỂM PHIẾU", after=6)
    list_table(
        doc,
        ["STT", "Đối tượng", "Hình thức", "Đồng ý", "Không đồng ý", "Không biểu quyết", "Không hợp lệ", "Kết quả"],
        [
            "{{ row.n }}",
            "{{ row.name }}",
            "{{ row.award }}",
            "{{ row.agree }}",
            "{{ row.disagree }}",
            "{{ row.abstain }}",
            "{{ row.invalid }}",
            "{{ row.result }}",
        ],
        [10, 40, 28, 15, 15, 17, 15, 25],
    )
    body(
        doc,
        "{% if not_voted %}Các đề nghị không biểu quyết tại cuộc họp này, và lý do:"
        "{% else %}Mọi đề nghị của hồ sơ đều được biểu quyết tại cuộc họp này.{% endif %}",
        before=6,
    )
    loop(doc, "not_voted", "- {{ item }};", indent=True)
    body(doc, "Kết luận: {{ conclusion }}", before=6)
    body(doc, "Cuộc họp kết thúc vào hồi {{ closed_at }} cùng ngày. Biên bản được thông qua trước hội đồng./.")
    table = doc.add_table(rows=1, cols=2)
    for cell, role, name in zip(
        table.rows[0].cells, ("THƯ KÝ", "CHỦ TRÌ"), ("{{ secretary }}", "{{ chair }}"), strict=True
    ):
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(role)
        run.font.bold, run.font.size, run.font.name = True, Pt(14), "Times New Roman"
        for _ in range(3):
            cell.add_paragraph()
        p = cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(name)
        run.font.bold, run.font.size, run.font.name = True, Pt(14), "Times New Roman"
    return to_bytes(doc)


def decision() -> bytes:
    """Quyết định khen thưởng with the danh sách kèm theo."""
    doc = new_document()
    heading_block(doc, type_name="QUYẾT ĐỊNH", subject="{{ subject }}")
    centred(doc, "{{ signer_title_full }}", after=12)
    loop(doc, "bases", "{{ item }}", indent=True)
    body(doc, "Xét đề nghị của {{ proposer }},")
    centred(doc, "QUYẾT ĐỊNH:")
    body(doc, "Điều 1. {{ article_1 }} (có danh sách kèm theo).")
    body(doc, "Điều 2. {{ article_2 }}")
    body(doc, "Điều 3. {{ article_3 }}")
    signature_block(doc)
    page_break(doc)
    centred(doc, "DANH SÁCH {{ list_title }}", after=0)
    centred(doc, "(Kèm theo Quyết định số {{ number }} {{ date_words }} của {{ issuer_name }})", bold=False)
    list_table(
        doc,
        ["STT", "Họ tên / Tên tập thể", "Cấp bậc", "Chức vụ, đơn vị", "Hình thức"],
        ["{{ row.n }}", "{{ row.name }}", "{{ row.rank }}", "{{ row.details }}", "{{ row.award }}"],
        [12, 50, 25, 55, 28],
    )
    return to_bytes(doc)


def _report(subject_block) -> bytes:
    doc = new_document()
    heading_block(doc, type_name="BÁO CÁO THÀNH TÍCH", subject="{{ subject }}")
    subject_block(doc)
    body(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC", indent=False)
    body(doc, "{{ achievement }}")
    body(doc, "Kết quả các năm:", indent=False)
    list_table(
        doc,
        ["Năm", "Mức độ hoàn thành nhiệm vụ", "Danh hiệu thi đua", "Hình thức khen thưởng"],
        ["{{ row.year }}", "{{ row.rating }}", "{{ row.titles }}", "{{ row.forms }}"],
        [18, 50, 50, 52],
    )
    body(doc, "Sáng kiến, đề tài: {{ initiatives }}", before=6)
    body(doc, "Kỷ luật: {{ discipline }}")
    signature_block(doc, recipients=False)
    return to_bytes(doc)


def person_report() -> bytes:
    """Báo cáo thành tích of a person, pre-filled from the record."""

    def block(doc):
        body(doc, "I. SƠ LƯỢC LÝ LỊCH", indent=False)
        body(doc, "Họ và tên: {{ name }}. Ngày sinh: {{ birth_date }}. Cấp bậc: {{ rank }}.")
        body(doc, "Chức vụ, đơn vị: {{ details }}. Ngày nhập ngũ / vào làm: {{ service_start }}.")

    return _report(block)


def unit_report() -> bytes:
    """Báo cáo thành tích of a collective, pre-filled from the record."""

    def block(doc):
        body(doc, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", indent=False)
        body(doc, "Tên tập thể: {{ name }}. Ngày thành lập: {{ founded_on }}. Quân số cuối năm: {{ members }}.")
        body(doc, "Đơn vị cấp trên: {{ parent }}.")

    return _report(block)


def annual_report() -> bytes:
    """Báo cáo tổng kết công tác thi đua, khen thưởng (the summary of `tdkt.reports`)."""
    doc = new_document()
    heading_block(doc, type_name="BÁO CÁO", subject="{{ subject }}")
    body(doc, "{{ text }}")
    body(doc, "I. KHEN THƯỞNG THƯỜNG XUYÊN, ĐỘT XUẤT VÀ TRONG CÁC NHIỆM VỤ", indent=False)
    list_table(
        doc,
        ["Đối tượng", "Số đối tượng", "Số lượt khen thưởng", "Theo loại", "Theo hình thức"],
        ["{{ row.who }}", "{{ row.subjects }}", "{{ row.awards }}", "{{ row.by_kind }}", "{{ row.by_code }}"],
        [25, 25, 30, 45, 45],
    )
    body(doc, "II. DANH HIỆU THI ĐUA VÀ ĐIỂN HÌNH TIÊN TIẾN", indent=False, before=6)
    body(doc, "Danh hiệu: {{ titles }}.")
    body(doc, "{% if quotas %}Danh hiệu so với tỷ lệ tối đa: {{ quotas }}.{% endif %}")
    body(doc, "Điển hình tiên tiến theo giai đoạn: {{ exemplars }}.")
    body(doc, "Đề nghị khen cao: {{ high }}.")
    body(doc, "Đăng ký thi đua so với kết quả: {{ registrations }}.")
    body(doc, "{% if ranking %}Kết quả chấm điểm, xếp hạng trong cụm: {{ ranking }}.{% endif %}")
    body(doc, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{ next_year }}", indent=False, before=6)
    body(doc, "{%p for line in directions %}")
    body(doc, "- {{ line }}")
    body(doc, "{%p endfor %}")
    signature_block(doc)
    return to_bytes(doc)


def record_history() -> bytes:
    """Quá trình thi đua, khen thưởng: every year of a person's or a unit's record."""
    doc = new_document()
    heading_block(doc, type_name="QUÁ TRÌNH THI ĐUA, KHEN THƯỞNG", subject="{{ subject }}")
    body(doc, "{{ details }}")
    list_table(
        doc,
        ["Năm", "Mức độ hoàn thành nhiệm vụ", "Danh hiệu thi đua", "Hình thức khen thưởng", "Ghi chú"],
        ["{{ row.year }}", "{{ row.rating }}", "{{ row.titles }}", "{{ row.forms }}", "{{ row.note }}"],
        [15, 40, 40, 45, 30],
    )
    signature_block(doc, recipients=False)
    return to_bytes(doc)


DEFAULTS = {
    "to_trinh": ("Tờ trình đề nghị khen thưởng (kèm danh sách)", submission),
    "bien_ban": ("Biên bản họp hội đồng và kết quả kiểm phiếu", minutes),
    "quyet_dinh": ("Quyết định khen thưởng (kèm danh sách)", decision),
    "bao_cao_ca_nhan": ("Báo cáo thành tích cá nhân", person_report),
    "bao_cao_tap_the": ("Báo cáo thành tích tập thể", unit_report),
    "bao_cao_tong_ket": ("Báo cáo tổng kết công tác thi đua, khen thưởng năm", annual_report),
    "qua_trinh": ("Quá trình thi đua, khen thưởng của cá nhân, tập thể", record_history),
}
