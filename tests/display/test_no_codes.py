"""Guard (issue #16, items 5 and 12): the main pages, documents and spreadsheets show names, never an internal
code — no catalogue code (CSTDCS, BK_TTG), no kind, stage or status code (CHUYEN_DE, BOI_DUONG, TAP_THE), no
unit code (QK5-CCT) — and write numbers the Vietnamese way.

The world is demo-like: awards of every counted kind and of the thematic kind, titles against their quotas,
registrations, exemplars at several stages, a cluster with a locked ranking and a hand-over.

Where a code is the point it is allowed, and only there:
- a spreadsheet column whose header begins with "Mã" (a subject's identifier, e.g. the screening export's);
- the exchange format (`tdkt export`), whose columns are the import/export contract
  (shared/docs/exchange-format.md) and are not checked here;
- text a page marks with `data-identifier` (the rule sets page's adjustment hint for administrators, who must
  type those identifiers into the override form);
- the options of `<select>` pickers, which the pickers work (item 4) replaces with a searchable tree.
"""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tdkt.core import display
from tdkt.emulation import scoring
from tdkt.emulation import services as emulation
from tdkt.emulation.models import Movement
from tdkt.org.models import Unit
from tdkt.org.tests.factories import client_for
from tdkt.records import services
from tdkt.records.models import CatalogueEntry
from tdkt.rules.loader import all_rule_sets

YEAR = 2025
# Vocabularies whose codes are also the abbreviations officers write (HTXSNV) or ordinary words (NAM): not codes
# a reader could mistake; every other registered vocabulary is checked.
NOT_CHECKED = {"xep_loai", "gioi_tinh"}


def _codes() -> re.Pattern:
    codes = set(CatalogueEntry.objects.values_list("code", flat=True))
    codes |= set(Unit.objects.values_list("code", flat=True))
    codes |= {r.name for r in all_rule_sets()}  # "luat-2022": the law is named by its title
    for namespace in display.namespaces():
        if namespace not in NOT_CHECKED:
            codes |= {c for c in display.known_codes(namespace) if "_" in c}
    alternatives = "|".join(map(re.escape, sorted(codes, key=len, reverse=True)))
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")


def _visible(html: str) -> str:
    """What a reader sees: no scripts, styles, pickers' options, marked identifiers, tags or attributes."""
    html = re.sub(r"(?s)<(script|style|select|template)\b[^>]*>.*?</\1>", " ", html)
    html = re.sub(r"(?s)<(span|div|small|td)\b[^>]*data-identifier[^>]*>.*?</\1>", " ", html)
    text = re.sub(r"(?s)<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", text.replace("&nbsp;", " "))


def _leaks(pattern: re.Pattern, text: str) -> list[str]:
    return sorted({f"{m.group(1)} …{text[max(0, m.start() - 40) : m.end() + 20]}…" for m in pattern.finditer(text)})


def _bad_numbers(text: str) -> list[str]:
    """Decimals with a dot (55.6%), integers with decimals (10,00 sáng kiến), doubled full stops (năm 2023..),
    doubled labels ([U] [U])."""
    found = re.findall(r"\d+\.\d+\s?%|\b\d+,00\b(?! ?%)|\d{4}\.\.(?!\.)|có chưa có", text)
    return found + [m.group(0) for m in re.finditer(r"\[([CHU])\] \[\1\]", text)]  # a label said twice


@pytest.fixture
def world(org):
    entries = {e.code: e for e in CatalogueEntry.objects.all()}
    people = [org.person_a, org.person_a1, org.person_a11]
    for person, kind in zip(people, ("THUONG_XUYEN", "DOT_XUAT", "CHUYEN_DE"), strict=True):
        services.award_record(actor=org.admin, person=person, entry=entries["GK"], year=YEAR, kind=kind)
    services.award_record(actor=org.admin, person=org.person_a, entry=entries["BK_BQP"], year=YEAR, kind="NHIEM_VU")
    for person in people:
        services.rating_set(actor=org.admin, person=person, year=YEAR, rating="HTXSNV")
        services.award_record(actor=org.admin, person=person, entry=entries["CSTT"], year=YEAR)
    services.award_record(actor=org.admin, person=org.person_a, entry=entries["CSTDCS"], year=YEAR)
    services.award_record(actor=org.admin, unit=org.a1, entry=entries["DVQT"], year=YEAR)
    # a person under discipline at the review date: the evidence names the form ("khiển trách"), not its code
    services.discipline_record(
        actor=org.admin, person=org.person_a11, form="KHIEN_TRACH", decided_on=date(YEAR, 11, 1), reason="Vi phạm"
    )
    services.initiative_record(actor=org.admin, person=org.person_a, year=YEAR, name="Sáng kiến A", scope="CO_SO")
    emulation.registration_submit(actor=org.officer_a, entry=entries["CSTDCS"], year=YEAR, person=org.person_a1)
    exemplar = emulation.exemplar_create(
        actor=org.officer_a, field="Huấn luyện", campaigns=["Quyết thắng"], on=date(YEAR, 3, 1), person=org.person_a
    )
    emulation.exemplar_move(actor=org.officer_a, exemplar=exemplar, stage="BOI_DUONG", on=date(YEAR, 6, 1))
    from decimal import Decimal

    movement = emulation.movement_launch(
        actor=org.officer_a,
        unit=org.a,
        kind="QUYET_THANG",
        name=f"Phong trào Thi đua Quyết thắng năm {YEAR}",
        year=YEAR,
        starts_on=date(YEAR, 1, 1),
        ends_on=date(YEAR, 12, 31),
    )
    for name, measure, planned, result in (
        ("Sáng kiến được công nhận", "sáng kiến", 10, 15),
        ("Khá, giỏi", "%", 70, 68.5),
    ):
        target = emulation.target_add(
            actor=org.officer_a, movement=movement, name=name, measure=measure, planned=planned
        )
        emulation.target_result(actor=org.officer_a, target=target, result=Decimal(str(result)))
    cluster = emulation.cluster_create(actor=org.admin, code="C4", name="Cụm thi đua số 4", organiser=org.root)
    for unit in (org.a, org.b):
        emulation.cluster_member_add(actor=org.admin, cluster=cluster, unit=unit, year=YEAR)
    services.rating_set(actor=org.admin, unit=org.a, year=YEAR - 1, rating="HTXSNV")  # a leader was rated
    emulation.cluster_leader_set(actor=org.admin, cluster=cluster, year=YEAR, leader=org.a)
    round_ = scoring.round_create(actor=org.admin, cluster=cluster, year=YEAR)
    criterion = scoring.criterion_add(actor=org.admin, round_=round_, name="Tiêu chí", max_points=10)
    scoring.round_advance(actor=org.admin, round_=round_)
    scoring.score_self(actor=org.admin, round_=round_, unit=org.b, criterion=criterion, points=9)
    scoring.score_self(actor=org.admin, round_=round_, unit=org.a, criterion=criterion, points=7)
    for _ in range(4):
        scoring.round_advance(actor=org.admin, round_=round_)
    return org


def _pages(org):
    scope = {"nam": YEAR, "don_vi": "CCT"}
    records = reverse("reports:records")
    return [
        (org.officer_a, reverse("reports:summary"), scope),
        (org.admin, reverse("reports:summary"), {"nam": YEAR, "cum": "C4"}),
        (org.officer_a, reverse("reports:dashboard"), scope),
        (org.admin, reverse("reports:dashboard"), {"nam": YEAR, "cum": "C4"}),
        (org.officer_a, reverse("reports:statistics"), {"don_vi": "CCT", "tu_nam": YEAR - 1, "den_nam": YEAR}),
        (org.officer_a, records, scope),
        (org.officer_a, records, {**scope, "hang_muc": "danh_hieu"}),
        (org.officer_a, records, {**scope, "hang_muc": "dien_hinh"}),
        (org.officer_a, records, {**scope, "hang_muc": "dang_ky"}),
        (org.officer_a, records, {**scope, "loai": "CHUYEN_DE"}),
        (org.officer_a, reverse("eligibility:rule_sets"), {}),
        (org.admin, reverse("eligibility:rule_sets"), {}),
        (org.officer_a, reverse("eligibility:screening"), {"year": YEAR, "unit": org.a.pk, "award": "CSTDCS"}),
        (org.officer_a, reverse("eligibility:screening"), {"year": YEAR, "unit": org.a.pk}),
        (org.officer_a, reverse("org:person_detail", args=[org.person_a.pk]), {}),
        (org.officer_a, reverse("emulation:movement_detail", args=[Movement.objects.get(unit=org.a).pk]), {}),
        (
            org.officer_a,
            reverse("eligibility:service_length"),
            {"award": "HCCSVV3", "review_date": "31/12/2025", "unit": org.a.pk},
        ),
    ]


def test_pages_show_names_and_vietnamese_numbers(world):
    pattern = _codes()
    problems = {}
    for user, url, query in _pages(world):
        response = client_for(user).get(url, query)
        assert response.status_code == 200, (url, query, response.status_code)
        text = _visible(response.content.decode())
        found = _leaks(pattern, text) + _bad_numbers(text)
        if found:
            problems[f"{url}?{query}"] = found
    assert problems == {}, "\n".join(f"{url}: {found}" for url, found in problems.items())


def test_a_movement_target_reads_10_initiatives_and_70_percent(world):
    movement = Movement.objects.get(unit=world.a)
    html = client_for(world.officer_a).get(reverse("emulation:movement_detail", args=[movement.pk])).content.decode()
    targets = _visible(html[html.index('data-testid="targets"') :])
    assert "10 sáng kiến 15 sáng kiến — đạt" in targets and "70% 68,5% — chưa đạt" in targets


def test_the_dashboard_legends_are_names(world):
    import json

    html = client_for(world.admin).get(reverse("reports:dashboard"), {"nam": YEAR, "cum": "C4"}).content.decode()
    data = json.loads(re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S)[1])
    assert data["names"]["kinds"]["CHUYEN_DE"] == "Theo đợt, chuyên đề"
    assert data["names"]["titles"]["CSTDCS"] == "Chiến sĩ thi đua cơ sở"
    assert data["names"]["units"] == {"CCT": "Cục Chính trị", "CHC": "Cục Hậu cần"}


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_documents_show_names(world):
    pattern = _codes()
    client = client_for(world.officer_a)
    summary = client.get(reverse("reports:summary"), {"nam": YEAR, "don_vi": "CCT", "xuat": "docx"})
    cluster = client_for(world.admin).get(reverse("reports:summary"), {"nam": YEAR, "cum": "C4", "xuat": "docx"})
    history = client.get(reverse("reports:history", args=["ca-nhan", world.person_a.pk]))
    texts = {
        name: _docx_text(r.content) for name, r in (("summary", summary), ("cluster", cluster), ("history", history))
    }
    assert "Chiến sĩ thi đua cơ sở" in texts["summary"] and "Theo đợt, chuyên đề" in texts["summary"]
    assert "Cục Chính trị" in texts["cluster"]
    assert {name: _leaks(pattern, t) + _bad_numbers(t) for name, t in texts.items()} == {
        "summary": [],
        "cluster": [],
        "history": [],
    }


def _sheet_texts(content: bytes) -> list[str]:
    """Every text cell of every sheet, except the cells of identifier columns (header "Mã…")."""
    texts = []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header = next((r for r in rows if r and sum(isinstance(v, str) for v in r) > 1), ())
        identifiers = {i for i, h in enumerate(header) if isinstance(h, str) and h.startswith("Mã")}
        for row in rows:
            texts += [v for i, v in enumerate(row) if isinstance(v, str) and i not in identifiers]
    return texts


def test_spreadsheets_show_names_with_number_formats_and_widths(world):
    pattern = _codes()
    client = client_for(world.officer_a)
    summary = client.get(reverse("reports:summary"), {"nam": YEAR, "don_vi": "CCT", "xuat": "xlsx"})
    statistics = client.get(
        reverse("reports:statistics"), {"don_vi": "CCT", "tu_nam": YEAR - 1, "den_nam": YEAR, "xuat": "xlsx"}
    )
    screening = client.get(reverse("eligibility:screening"), {"year": YEAR, "unit": world.a.pk, "xuat": "xlsx"})
    service = client.get(
        reverse("eligibility:service_length"),
        {"award": "HCCSVV3", "review_date": "31/12/2025", "unit": world.a.pk, "xuat": "xlsx"},
    )
    books = {"summary": summary, "statistics": statistics, "screening": screening, "service": service}
    leaks = {name: [t for t in _sheet_texts(r.content) if _leaks(pattern, t)] for name, r in books.items()}
    assert leaks == {"summary": [], "statistics": [], "screening": [], "service": []}, leaks
    assert load_workbook(io.BytesIO(service.content)).active.column_dimensions["C"].width == 40
    book = load_workbook(io.BytesIO(summary.content))
    kinds = {row[1].value: row[2] for row in book["TheoLoai"].iter_rows(min_row=2)}
    assert kinds["Theo đợt, chuyên đề"].value == 1 and kinds["Theo đợt, chuyên đề"].number_format == "#,##0"
    quotas = book["TyLeDanhHieu"]
    assert quotas["E2"].number_format == "0.0%" and 0 < quotas["E2"].value < 1  # a real percentage cell
    assert all(quotas.column_dimensions[c].width >= 8 for c in "ABCDEFGH")
    assert quotas.column_dimensions["H"].width > quotas.column_dimensions["C"].width  # the source is long
    screened = load_workbook(io.BytesIO(screening.content)).active
    assert screened.column_dimensions["F"].width == 60
    assert {row[0] for row in screened.iter_rows(min_row=2, values_only=True)} <= {"Cá nhân", "Tập thể"}


def test_the_exchange_export_keeps_its_contract_and_gains_column_widths(world, tmp_path):
    """The exchange format is the contract: its codes stay (ma_don_vi, ma_danh_hieu…); only widths are added."""
    from tdkt.exchange.export import export_records
    from tdkt.exchange.spec import SHEETS

    path = tmp_path / "xuat.xlsx"
    export_records(path, actor=world.admin)
    book = load_workbook(path)
    for name, spec in SHEETS.items():
        sheet = book[name]
        assert [c.value for c in sheet[1]] == [c.header for c in spec.columns]
        assert sheet.column_dimensions["A"].width >= len(spec.columns[0].header)
        assert sheet.freeze_panes == "A2"
    awards = list(book["KhenThuong"].iter_rows(min_row=2, values_only=True))
    assert any("CSTDCS" in row for row in awards)  # codes where the contract puts codes


def test_the_scoring_matrix_shows_integral_points_without_decimals(world):
    from tdkt.emulation.models import Cluster

    cluster = Cluster.objects.get(code="C4")
    client = client_for(world.admin)
    html = client.get(reverse("emulation:scoring", args=[cluster.pk, YEAR])).content.decode()
    matrix = _visible(html[html.index('data-testid="score-matrix"') :])
    assert "tối đa 10 " in matrix and "10,00" not in matrix and ",00" not in matrix
    book = load_workbook(
        io.BytesIO(client.get(reverse("emulation:scoring", args=[cluster.pk, YEAR]), {"xuat": "xlsx"}).content)
    )
    sheet = book.active
    assert sheet["C1"].value == "Tiêu chí (tối đa 10)"
    # a whole score shows as 9, not 9,0 (review of issue #16, finding 21)
    assert sheet["C2"].value == 9 and sheet["C2"].number_format == "#,##0"
    assert sheet.column_dimensions["C"].width >= len("Tiêu chí (tối đa 10)")


def test_an_eligible_length_of_service_row_lists_nothing_as_unmet(org):
    from tdkt.org.tests.factories import person_create

    person_create(org.a, code="P-NH", full_name="Trần Văn Niên", service_start=date(2015, 3, 15))
    html = (
        client_for(org.officer_a)
        .get(
            reverse("eligibility:service_length"),
            {"award": "HCCSVV3", "review_date": "15/03/2025", "status": "ELIGIBLE"},
        )
        .content.decode()
    )
    row = _visible(html[html.index("Trần Văn Niên") :].split("</tr>")[0])
    assert "Đạt mọi điều kiện." in row and "Cục Chính trị" in row


# Rating codes and the abbreviations written with Đ are what `_codes` deliberately skips (NOT_CHECKED): in the
# text of a rule, its evidence and its legal notes they are still codes to an officer (review of #16, item 14).
RULE_TEXT_CODES = re.compile(r"(?<![\w-])(HTXSNV|HTTNV|HTNV|KHTNV|CSTĐCS|CSTĐ|CSTT|LĐTT)(?![\w-])")


def test_rule_pages_and_the_hcld3_screening_write_ratings_and_titles_out(world):
    client = client_for(world.officer_a)
    pages = {
        "quy-tac": client.get(reverse("eligibility:rule_sets")),
        "quy-tac (quản trị)": client_for(world.admin).get(reverse("eligibility:rule_sets")),
        "HCLD3": client.get(reverse("eligibility:screening"), {"year": 2022, "award": "HCLD3"}),
        f"HCLD3 {YEAR}": client.get(reverse("eligibility:screening"), {"year": YEAR, "award": "HCLD3"}),
    }
    texts = {name: _visible(r.content.decode()) for name, r in pages.items()}
    assert "Hoàn thành tốt nhiệm vụ trở lên, có năm Hoàn thành xuất sắc nhiệm vụ" in texts["quy-tac"]
    assert {name: _leaks(RULE_TEXT_CODES, t) for name, t in texts.items()} == dict.fromkeys(texts, [])
    book = client.get(reverse("eligibility:screening"), {"year": YEAR, "award": "HCLD3", "xuat": "xlsx"})
    cells = _sheet_texts(book.content)
    assert any("Chiến sĩ thi đua cơ sở" in c for c in cells)
    assert [c for c in cells if RULE_TEXT_CODES.search(c)] == []


def _option_labels(html: str, name: str) -> list[str]:
    select = re.search(rf'(?s)<select[^>]*name="{name}"[^>]*>(.*?)</select>', html)[1]
    return [re.sub(r"\s+", " ", label).strip() for label in re.findall(r"(?s)<option[^>]*>(.*?)</option>", select)]


def test_award_pickers_label_options_with_names_and_keep_codes_as_values(world):
    codes = set(CatalogueEntry.objects.values_list("code", flat=True))
    screening = client_for(world.officer_a).get(reverse("eligibility:screening")).content.decode()
    award_form = client_for(world.admin).get(reverse("records:award_form", args=["ca-nhan", world.person_a.pk]))
    pickers = {
        "screening": _option_labels(screening, "award"),
        "award_form": _option_labels(award_form.content.decode(), "entry"),
    }
    assert "Chiến sĩ tiên tiến" in pickers["screening"] and "Chiến sĩ tiên tiến" in pickers["award_form"]
    leaks = {n: [lbl for lbl in labels if set(re.findall(r"[\w-]+", lbl)) & codes] for n, labels in pickers.items()}
    assert leaks == {"screening": [], "award_form": []}
    assert 'value="CSTT"' in screening  # the code is still what the form posts
