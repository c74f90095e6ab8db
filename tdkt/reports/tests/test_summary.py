"""The annual summary counts what the records hold: the seed's 2022 figures for Cluster 4."""

import json

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_cluster_4_in_2022_in_the_seed_words(capsys):
    from tdkt.demo.emulation import load_demo_emulation
    from tdkt.demo.nominations import load_demo_nominations
    from tdkt.demo.org import build_demo
    from tdkt.demo.records import load_demo_history

    build_demo()
    load_demo_history()
    load_demo_emulation()
    load_demo_nominations()
    call_command("report", "summary", "--year", "2022", "--cluster", "CUM4-QK5", "--format", "json")
    summary = json.loads(capsys.readouterr().out)
    contract = {"year", "scope", "proposals_high_level", "commendations", "titles", "exemplars", "text"}
    assert contract <= set(summary) and set(summary) - contract <= {"registrations", "cluster", "title_quotas"}
    c = summary["commendations"]
    assert (c["TAP_THE"]["subjects"], c["CA_NHAN"]["subjects"]) == (174, 565)
    assert summary["proposals_high_level"] == {"TAP_THE": 38, "CA_NHAN": 412}
    assert "CHUYEN_DE" in c["CA_NHAN"]["by_kind"]  # shown by kind, never in the seed's count
    assert sum(c["CA_NHAN"]["by_code"].values()) == c["CA_NHAN"]["awards"] >= 565
    assert sum(summary["exemplars"].values()) == 12
    # quota use: over the cluster and per member, the members' titles add up to the cluster's
    quotas = summary["title_quotas"]
    assert {q["code"] for q in quotas["scope"]} >= {"CSTT", "CSTDCS"} and len(quotas["units"]) == 4
    for i, whole in enumerate(quotas["scope"]):
        assert whole["held"] == summary["titles"].get(whole["code"], 0)
        assert sum(part["quotas"][i]["held"] for part in quotas["units"]) == whole["held"]
        assert whole["limit"] == int(whole["base"] * whole["max_share"])
    assert "174 tập thể và 565 cá nhân" in summary["text"] and "38 tập thể, 412 cá nhân" in summary["text"]
    cluster = summary["cluster"]
    assert cluster["acclaimed"] == "QK5-CCT" and cluster["ranking"][0]["unit"] == "QK5-CCT"
    assert cluster["leader"] == "QK5-CKT" and cluster["handover"] == {
        "from": "QK5-CKT",
        "to": "QK5-CCT",
        "on": "2022-12-28",
    }
    assert "Cục Kỹ thuật đã bàn giao nhiệm vụ Cụm trưởng năm 2023 cho Cục Chính trị" in summary["text"]
    # the same summary as DOCX (read back), XLSX and PDF (rendered, not blank)
    from pathlib import Path

    import numpy as np
    import pypdfium2 as pdfium
    from django.conf import settings
    from docx import Document
    from openpyxl import load_workbook

    out = Path(settings.VAR_DIR) / "test-results"
    out.mkdir(parents=True, exist_ok=True)
    for fmt in ("docx", "xlsx", "pdf"):
        call_command(
            "report",
            "summary",
            "--year",
            "2022",
            "--cluster",
            "CUM4-QK5",
            "--format",
            fmt,
            "--output",
            str(out / f"tong-ket-2022.{fmt}"),
        )
    doc = Document(out / "tong-ket-2022.docx")
    lines = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in lines and any("174 tập thể và 565 cá nhân" in t for t in lines)
    assert round(doc.sections[0].left_margin.mm) == 30
    assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2023" in lines
    assert any(t.startswith("- Tiếp tục đẩy mạnh Phong trào Thi đua Quyết thắng năm 2023") for t in lines)
    assert any(t.startswith("Danh hiệu so với tỷ lệ tối đa: Chiến sĩ thi đua cơ sở") for t in lines)
    assert not any("{%" in t or "{{" in t for t in lines)
    book = load_workbook(out / "tong-ket-2022.xlsx")
    figures = {row[0].value: row[1].value for row in book["TongHop"].iter_rows()}
    assert figures["Khen thưởng — tập thể (số đối tượng)"] == 174
    quota_rows = list(book["TyLeDanhHieu"].iter_rows(min_row=2, values_only=True))
    assert len(quota_rows) == 5 * len(quotas["scope"])  # the cluster, then its four members
    pdf = pdfium.PdfDocument((out / "tong-ket-2022.pdf").read_bytes())
    pixels = np.asarray(pdf[0].render(scale=1).to_numpy())[..., :3]
    assert 0.005 < (pixels.mean(axis=2) < 128).mean() < 0.5
    pdf.close()
