"""Generated documents, read back: NĐ 30/2020 layout, number and date lines, contents from the records."""

import io
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from docx import Document
from docx.shared import Mm, Pt

from tdkt.nominations import documents, services
from tdkt.nominations.documents import contexts
from tdkt.nominations.models import Dossier, Meeting
from tdkt.nominations.tests.test_services import SIGNER, dossier_for, meeting, to_council


@pytest.fixture
def decided(flow):
    org = flow.org
    dossier = dossier_for(flow)
    items = [
        services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=p)
        for p in (org.person_a, org.person_a11)
    ]
    to_council(flow, dossier)
    sitting = meeting(flow, dossier)
    services.tally_record(
        actor=org.council_a, meeting=sitting, item=items[0], agree=8, disagree=1, abstain=0, invalid=0
    )
    services.tally_record(
        actor=org.council_a, meeting=sitting, item=items[1], agree=3, disagree=6, abstain=0, invalid=0
    )
    services.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote")
    issue = services.decision_issue(
        actor=org.commander, dossier=dossier, signed_on=timezone.localdate(), signer=SIGNER, idempotency_key="doc-1"
    )
    return dossier, sitting, issue


def read(data: bytes) -> Document:
    return Document(io.BytesIO(data))


def texts(doc) -> list[str]:
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                out += [p.text for p in cell.paragraphs]
    return out


def runs(doc):
    for p in doc.paragraphs:
        yield from p.runs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    yield from p.runs


def test_date_line_has_leading_zeros_for_days_and_the_first_two_months():
    assert documents.date_words(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert documents.date_words(date(2025, 3, 9)) == "ngày 09 tháng 3 năm 2025"
    assert documents.date_words(date(2025, 12, 25)) == "ngày 25 tháng 12 năm 2025"


def test_the_decision_in_the_official_layout(decided):
    _, _, issue = decided
    name, data = contexts.decision_document(issue)
    doc = read(data)
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert section.different_first_page_header_footer  # page numbers from page 2
    assert all(r.font.name in (None, "Times New Roman") for r in runs(doc))
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size == Pt(14)
    lines = texts(doc)
    assert "Số: 1/QĐ-CCT" in lines
    date_line = next(r for r in runs(doc) if r.text == f"Đà Nẵng, {documents.date_words(timezone.localdate())}")
    assert date_line.italic and date_line.font.size == Pt(14)
    national = next(r for r in runs(doc) if r.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert national.bold and Pt(12) <= national.font.size <= Pt(13)
    motto = next(r for r in runs(doc) if r.text == "Độc lập - Tự do - Hạnh phúc")
    assert motto.bold and Pt(13) <= motto.font.size <= Pt(14)
    assert next(r for r in runs(doc) if r.text == "QUYẾT ĐỊNH").bold
    assert next(r for r in runs(doc) if r.text == "Nơi nhận:").italic
    assert any(t.startswith("Căn cứ Luật Thi đua, khen thưởng") for t in lines)
    assert any(t.startswith("Điều 1. Tặng Chiến sĩ tiên tiến cho 01 cá nhân") for t in lines)
    # the list holds who was awarded, and only them (the second item failed its vote)
    assert "Đặng Văn Đức" in lines and "Lê Anh Tuấn" not in lines
    assert "Nguyễn Văn Bình" in " ".join(lines) and name.endswith(".docx")
    body = [p for p in doc.paragraphs if p.text.startswith("Điều 1.")][0]
    assert body.paragraph_format.first_line_indent == Mm(12.7) and body.paragraph_format.space_after >= Pt(6)


def test_submission_minutes_and_reports_from_the_records(decided):
    dossier, sitting, _ = decided
    _, submission = contexts.submission_document(dossier)
    lines = texts(read(submission))
    assert "TỜ TRÌNH" in lines and "Số: 1/TTr-CCT" in lines
    assert "Về việc đề nghị khen thưởng tổng kết năm 2025" in lines  # never "tổng kết năm năm 2025"
    assert any("02 cá nhân" in t for t in lines) and "Đủ điều kiện" in lines
    # put to its own level's council: addressed to that council, never "Cục Chính trị đề nghị Cục Chính trị"
    assert "Kính gửi: Hội đồng Thi đua – Khen thưởng Cục Chính trị." in lines
    assert not any("Cục Chính trị đề nghị Cục Chính trị" in t for t in lines)
    _, minutes = contexts.minutes_document(sitting)
    lines = texts(read(minutes))
    assert "BIÊN BẢN" in lines and "KẾT QUẢ KIỂM PHIẾU" in lines
    assert any("Thành viên có mặt: 9/9" in t for t in lines)
    assert "Đạt (88,9%)" in lines and "Không đạt (33,3%)" in lines
    item = dossier.items.first()
    _, report = contexts.achievement_report(item=item)
    lines = texts(read(report))
    assert "BÁO CÁO THÀNH TÍCH" in lines and any("Đặng Văn Đức" in t for t in lines)
    assert "Hoàn thành xuất sắc nhiệm vụ" in lines  # the 2025 rating, from the record
    _, unit_report = contexts.achievement_report(unit=dossier.unit, year=2025)
    assert any("Cục Chính trị" in t for t in texts(read(unit_report)))


def bases(lines: list[str]) -> list[str]:
    return [t for t in lines if t.startswith("Căn cứ")]


def test_a_decision_of_20_01_2023_cites_the_texts_in_force_that_day(decided):
    """Issue #15: a decision signed on 20/01/2023 cited Law 06/2022, NĐ 98/2023 and TT 118/2023."""
    _, _, issue = decided
    issue.decision.signed_on = date(2023, 1, 20)  # rendered as if signed that day (not saved)
    lines = bases(texts(read(contexts.decision_document(issue)[1])))
    assert lines[0].startswith("Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003")
    assert "16 tháng 11 năm 2013" in lines[0]
    assert any("91/2017/NĐ-CP" in t for t in lines) and any("151/2018/TT-BQP" in t for t in lines)
    for later in ("15 tháng 6 năm 2022", "98/2023", "118/2023", "152/2025"):
        assert not any(later in t for t in lines), later


def test_a_decision_of_december_2025_cites_the_2022_law_nd_152_and_tt_118(decided):
    _, _, issue = decided
    issue.decision.signed_on = date(2025, 12, 22)
    lines = bases(texts(read(contexts.decision_document(issue)[1])))
    assert len(lines) == 3 and lines[0] == "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
    assert "152/2025/NĐ-CP" in lines[1] and "118/2023/TT-BQP" in lines[2]
    assert not any("98/2023" in t or "91/2017" in t for t in lines)


def test_the_submission_and_the_minutes_cite_the_texts_of_their_own_dates(decided):
    dossier, sitting, _ = decided
    Dossier.objects.filter(pk=dossier.pk).update(submitted_on=date(2023, 12, 20))
    lines = bases(texts(read(contexts.submission_document(dossier)[1])))
    assert any("91/2017/NĐ-CP" in t for t in lines) and not any("2022" in t for t in lines)
    Meeting.objects.filter(pk=sitting.pk).update(held_on=date(2024, 3, 5))
    lines = bases(texts(read(contexts.minutes_document(Meeting.objects.get(pk=sitting.pk))[1])))
    assert any("98/2023/NĐ-CP" in t for t in lines) and any("ngày 15 tháng 6 năm 2022" in t for t in lines)
    assert not any("152/2025" in t for t in lines)


def test_the_vote_rule_is_the_decree_s_of_the_meeting_day(flow):
    org = flow.org
    dossier = dossier_for(flow)
    items = [
        services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=p)
        for p in (org.person_a, org.person_a11)
    ]
    to_council(flow, dossier)
    sitting = meeting(flow, dossier)  # today, December 2026: NĐ 152/2025
    tally = services.tally_record(
        actor=org.council_a, meeting=sitting, item=items[0], agree=8, disagree=1, abstain=0, invalid=0
    )
    assert "152/2025" in tally.rule["source"] and "91/2017" not in tally.rule["source"]
    Meeting.objects.filter(pk=sitting.pk).update(held_on=date(2025, 3, 10))  # under NĐ 98/2023
    tally = services.tally_record(
        actor=org.council_a, meeting=sitting, item=items[1], agree=8, disagree=1, abstain=0, invalid=0
    )
    assert "98/2023" in tally.rule["source"]


@pytest.mark.slow
def test_the_pdf_is_rendered_and_not_blank(decided):
    import pypdfium2 as pdfium

    _, _, issue = decided
    _, data = contexts.decision_document(issue)
    pdf = documents.to_pdf(data)
    assert pdf.startswith(b"%PDF")
    document = pdfium.PdfDocument(pdf)
    assert len(document) == 2  # the decision, then its list on a new page
    bitmap = document[0].render(scale=1)
    out = Path(settings.VAR_DIR) / "test-results" / "quyet-dinh-trang-1.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    bitmap.to_pil().save(out)
    pixels = np.asarray(bitmap.to_numpy())[..., :3]
    dark = (pixels.mean(axis=2) < 128).mean()
    assert 0.005 < dark < 0.5, dark  # text on a white page
    document.close()


def test_an_administrator_replaces_a_template_and_a_broken_one_is_refused(flow, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError, match="không dùng được"):
        documents.check_template("quyet_dinh", b"not a docx")
    replacement = documents.render("quyet_dinh", {}, template=None)  # any valid DOCX renders
    broken = Document()
    broken.add_paragraph("{% for x in %}")
    buffer = io.BytesIO()
    broken.save(buffer)
    with pytest.raises(ValidationError):
        documents.check_template("quyet_dinh", buffer.getvalue())
    custom = Document()
    custom.add_paragraph("MẪU RIÊNG số {{ number }}")
    buffer = io.BytesIO()
    custom.save(buffer)
    documents.check_template("quyet_dinh", buffer.getvalue())
    (tmp_path / "mau-van-ban").mkdir()
    (tmp_path / "mau-van-ban" / "quyet_dinh.docx").write_bytes(buffer.getvalue())
    rendered = read(documents.render("quyet_dinh", {"number": "7/QĐ-CCT"}))
    assert rendered.paragraphs[0].text == "MẪU RIÊNG số 7/QĐ-CCT" and replacement
