"""What a template of each document may use: the names of its context, with their meaning.

One source for three readers: the check of an uploaded template (`tdkt.nominations.documents.sandbox`), the
templates page (administrators read the list there) and the tests that hold every context builder
(`contexts.py`, `tdkt.reports.exports`) to exactly these names. A name added to a context is added here first.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One name of a document's context; `columns` are the keys of each row when the value is a list of rows,
    `lines` marks a list of plain text lines (written `{% for item in … %}{{ item }}`)."""

    name: str
    meaning: str
    columns: tuple["Field", ...] = ()
    lines: bool = False


def _fields(*pairs) -> tuple[Field, ...]:
    return tuple(p if isinstance(p, Field) else Field(*p) for p in pairs)


HEAD = _fields(
    ("parent_body", "Tên cơ quan, đơn vị cấp trên (in hoa)"),
    ("issuing_body", "Tên cơ quan, đơn vị ban hành (in hoa)"),
    ("number", "Số, ký hiệu văn bản (trống nếu văn bản không có số)"),
    ("place_date", "Địa danh và ngày, tháng, năm ban hành"),
)
DATE_WORDS = _fields(("date_words", "Ngày, tháng, năm ban hành bằng chữ (ngày 05 tháng 01 năm 2026)"))
SIGNATURE = _fields(
    ("signer_authority", "Quyền hạn ký (TM., KT., Q., …; in hoa)"),
    ("signer_title", "Chức vụ người ký"),
    ("signer_rank", "Cấp bậc người ký"),
    ("signer_name", "Họ tên người ký"),
)
RECIPIENTS = _fields(Field("recipients", "Nơi nhận (danh sách dòng)", lines=True))
BASES = _fields(Field("bases", "Các căn cứ pháp lý (danh sách dòng)", lines=True))


def _rows(meaning: str, *columns) -> Field:
    return Field("rows", meaning, columns=_fields(*columns))


REPORT_ROWS = _rows(
    "Kết quả các năm (danh sách dòng của bảng)",
    ("year", "Năm"),
    ("rating", "Mức độ hoàn thành nhiệm vụ"),
    ("titles", "Danh hiệu thi đua"),
    ("forms", "Hình thức khen thưởng"),
)
REPORT = (
    *HEAD,
    *SIGNATURE,
    *RECIPIENTS,
    *_fields(
        ("subject", "Trích yếu"),
        ("name", "Họ tên / tên tập thể"),
        ("achievement", "Thành tích đạt được"),
        REPORT_ROWS,
        ("initiatives", "Sáng kiến, đề tài"),
        ("discipline", "Kỷ luật"),
    ),
)

FIELDS: dict[str, tuple[Field, ...]] = {
    "to_trinh": (
        *HEAD,
        *DATE_WORDS,
        *SIGNATURE,
        *RECIPIENTS,
        *BASES,
        *_fields(
            ("subject", "Trích yếu"),
            ("addressee", "Cơ quan nhận tờ trình (Kính gửi)"),
            ("proposer", "Cơ quan, đơn vị đề nghị"),
            ("count_text", "Số tập thể, cá nhân được đề nghị (bằng chữ số)"),
            Field("summary", "Số đề nghị theo từng hình thức (danh sách dòng)", lines=True),
            _rows(
                "Danh sách đề nghị (danh sách dòng của bảng)",
                ("n", "Số thứ tự"),
                ("name", "Họ tên / tên tập thể"),
                ("details", "Cấp bậc, chức vụ, đơn vị"),
                ("award", "Hình thức đề nghị"),
                ("eligibility", "Kết quả xét điều kiện"),
            ),
        ),
    ),
    "bien_ban": (
        *HEAD,
        *BASES,
        *_fields(
            ("subject", "Trích yếu"),
            ("held_on_words", "Ngày họp bằng chữ"),
            ("place", "Địa điểm họp"),
            ("chair", "Người chủ trì"),
            ("secretary", "Thư ký"),
            ("present", "Số thành viên có mặt"),
            ("members", "Tổng số thành viên hội đồng"),
            ("absent", "Thành viên vắng mặt"),
            ("dossier_titles", "Các hồ sơ được xét"),
            ("conclusion", "Kết luận"),
            ("closed_at", "Giờ kết thúc"),
            Field(
                "not_voted",
                "Các đề nghị không biểu quyết tại cuộc họp, mỗi dòng kèm lý do (danh sách dòng)",
                lines=True,
            ),
            _rows(
                "Kết quả kiểm phiếu (danh sách dòng của bảng)",
                ("n", "Số thứ tự"),
                ("name", "Đối tượng"),
                ("award", "Hình thức"),
                ("agree", "Số phiếu đồng ý"),
                ("disagree", "Số phiếu không đồng ý"),
                ("abstain", "Số không biểu quyết"),
                ("invalid", "Số phiếu không hợp lệ"),
                ("result", "Kết quả (đạt / không đạt, tỷ lệ)"),
            ),
        ),
    ),
    "quyet_dinh": (
        *HEAD,
        *DATE_WORDS,
        *SIGNATURE,
        *RECIPIENTS,
        *BASES,
        *_fields(
            ("subject", "Trích yếu"),
            ("signer_title_full", "Thẩm quyền ban hành (in hoa)"),
            ("proposer", "Cơ quan, đơn vị đề nghị"),
            ("article_1", "Nội dung Điều 1"),
            ("article_2", "Nội dung Điều 2"),
            ("article_3", "Nội dung Điều 3"),
            ("list_title", "Tiêu đề danh sách kèm theo"),
            ("issuer_name", "Tên cơ quan ban hành"),
            _rows(
                "Danh sách được khen thưởng (danh sách dòng của bảng)",
                ("n", "Số thứ tự"),
                ("name", "Họ tên / tên tập thể"),
                ("rank", "Cấp bậc"),
                ("details", "Chức vụ, đơn vị"),
                ("award", "Hình thức khen thưởng"),
            ),
        ),
    ),
    "bao_cao_ca_nhan": (
        *REPORT,
        *_fields(
            ("birth_date", "Ngày sinh"),
            ("rank", "Cấp bậc"),
            ("details", "Chức vụ, đơn vị"),
            ("service_start", "Ngày nhập ngũ / vào làm"),
        ),
    ),
    "bao_cao_tap_the": (
        *REPORT,
        *_fields(
            ("founded_on", "Ngày thành lập"),
            ("members", "Quân số"),
            ("parent", "Đơn vị cấp trên"),
        ),
    ),
    "bao_cao_tong_ket": (
        *HEAD,
        *SIGNATURE,
        *RECIPIENTS,
        *_fields(
            ("subject", "Trích yếu"),
            ("text", "Phần tổng hợp bằng lời"),
            _rows(
                "Khen thưởng theo đối tượng (danh sách dòng của bảng)",
                ("who", "Đối tượng (tập thể / cá nhân)"),
                ("subjects", "Số đối tượng"),
                ("awards", "Số lượt khen thưởng"),
                ("by_kind", "Theo loại"),
                ("by_code", "Theo hình thức"),
            ),
            ("titles", "Danh hiệu thi đua"),
            ("quotas", "Danh hiệu so với tỷ lệ tối đa"),
            ("exemplars", "Điển hình tiên tiến theo giai đoạn"),
            ("high", "Đề nghị khen cao"),
            ("registrations", "Đăng ký thi đua so với kết quả"),
            ("ranking", "Xếp hạng trong cụm"),
            ("next_year", "Năm tiếp theo"),
            Field("directions", "Phương hướng, nhiệm vụ (danh sách dòng)", lines=True),
        ),
    ),
    "qua_trinh": (
        *HEAD,
        *SIGNATURE,
        *_fields(
            ("subject", "Họ tên / tên tập thể"),
            ("details", "Đơn vị, cấp trên"),
            _rows(
                "Các năm (danh sách dòng của bảng)",
                ("year", "Năm"),
                ("rating", "Mức độ hoàn thành nhiệm vụ"),
                ("titles", "Danh hiệu thi đua"),
                ("forms", "Hình thức khen thưởng"),
                ("note", "Ghi chú (sáng kiến, kỷ luật)"),
            ),
        ),
    ),
}


def names(document: str) -> set[str]:
    """The top-level names a template of `document` may use."""
    return {f.name for f in FIELDS[document]}


def columns(document: str) -> dict[str, set[str]]:
    """For each list of rows of `document`, the keys of a row."""
    return {f.name: {c.name for c in f.columns} for f in FIELDS[document] if f.columns}
