"""The summary page and its drill-down: each figure's list has exactly the records behind it."""

from datetime import date

from django.urls import reverse

from tdkt.org.tests.factories import client_for
from tdkt.records import services
from tdkt.records.models import CatalogueEntry


def test_summary_page_and_the_records_behind_a_figure(org):
    gk = CatalogueEntry.objects.get(code="GK")
    for person, kind in ((org.person_a, "THUONG_XUYEN"), (org.person_a1, "DOT_XUAT"), (org.person_a11, "CHUYEN_DE")):
        services.award_record(actor=org.admin, person=person, entry=gk, year=2025, kind=kind)
    revoked = services.award_record(actor=org.admin, person=org.person_a, entry=gk, year=2025, kind="NHIEM_VU")
    services.award_revoke(
        actor=org.admin,
        award=revoked,
        decision_number="1/HUY",
        decision_date=date(2025, 12, 1),
        reason="Sai quy trình",
        issuer="Cục Chính trị",
    )
    client = client_for(org.officer_a)
    html = client.get(reverse("reports:summary"), {"nam": 2025, "don_vi": "CCT"}).content.decode()
    assert "khen thưởng thường xuyên, đột xuất và trong các nhiệm vụ cho 0 tập thể và 2 cá nhân" in html
    behind = client.get(reverse("reports:records"), {"nam": 2025, "don_vi": "CCT", "doi_tuong": "CA_NHAN"})
    text = behind.content.decode()
    assert "Đặng Văn Đức" in text and "Bùi Thị Hồng" in text and "Lê Anh Tuấn" not in text  # thematic apart
    assert "2 lượt khen thưởng" in text  # the revoked one is not behind any figure
    thematic = client.get(
        reverse("reports:records"), {"nam": 2025, "don_vi": "CCT", "doi_tuong": "CA_NHAN", "loai": "CHUYEN_DE"}
    ).content.decode()
    assert "Lê Anh Tuấn" in thematic
    assert client.get(reverse("reports:summary"), {"nam": 2025, "don_vi": "CHC"}).status_code == 404  # not in remit
    docx = client.get(reverse("reports:summary"), {"nam": 2025, "don_vi": "CCT", "xuat": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_dashboard_of_a_cluster_links_rankings_and_members(org):
    import json
    import re

    from tdkt.emulation import scoring
    from tdkt.emulation import services as emulation

    cluster = emulation.cluster_create(actor=org.admin, code="C4", name="Cụm 4", organiser=org.root)
    for unit in (org.a, org.b):
        emulation.cluster_member_add(actor=org.admin, cluster=cluster, unit=unit, year=2025)
    services.rating_set(actor=org.admin, unit=org.a, year=2024, rating="HTXSNV")
    emulation.cluster_leader_set(actor=org.admin, cluster=cluster, year=2025, leader=org.a)
    round_ = scoring.round_create(actor=org.admin, cluster=cluster, year=2025)
    criterion = scoring.criterion_add(actor=org.admin, round_=round_, name="Tiêu chí", max_points=10)
    scoring.round_advance(actor=org.admin, round_=round_)
    scoring.score_self(actor=org.admin, round_=round_, unit=org.b, criterion=criterion, points=9)
    scoring.score_self(actor=org.admin, round_=round_, unit=org.a, criterion=criterion, points=7)
    for _ in range(4):
        scoring.round_advance(actor=org.admin, round_=round_)
    html = client_for(org.admin).get(reverse("reports:dashboard"), {"nam": 2025, "cum": "C4"}).content.decode()
    data = json.loads(
        re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["rankings"] == [{"year": 2025, "ranks": {"CHC": 1, "CCT": 2}}]
    assert data["links"]["rankings"]["2025"].endswith("/cham-diem/2025/")
    assert [p["code"] for p in data["by_part"]] == ["CCT", "CHC"] or [p["code"] for p in data["by_part"]] == [
        "CHC",
        "CCT",
    ]
    assert set(data["links"]["by_part"]) == {"CCT", "CHC"}
    # the charts' legends read names (issue #16, item 5): the ranking lines are the units, not their codes
    assert data["names"]["units"] == {"CHC": org.b.name, "CCT": org.a.name}


def test_statistics_by_year_code_and_kind_with_xlsx(org):
    gk = CatalogueEntry.objects.get(code="GK")
    services.award_record(actor=org.admin, person=org.person_a, entry=gk, year=2024)
    services.award_record(actor=org.admin, person=org.person_a, entry=gk, year=2025, kind="DOT_XUAT")
    services.award_record(actor=org.admin, person=org.person_b, entry=gk, year=2025)  # another agency
    client = client_for(org.officer_a)
    query = {"don_vi": "CCT", "tu_nam": 2024, "den_nam": 2025}
    html = client.get(reverse("reports:statistics"), query).content.decode()
    table = html[html.index('data-testid="statistics"') :]
    # names, never the codes (issue #16, item 5)
    row = "<td>Giấy khen</td><td>Thường xuyên</td><td>1</td><td>0</td><td><strong>1</strong>"
    assert row in table.replace("\n", "")
    assert "<td>Giấy khen</td><td>Đột xuất</td><td>0</td><td>1</td>" in table.replace("\n", "")
    assert "DOT_XUAT</td>" not in table and "<td>GK</td>" not in table
    xlsx = client.get(reverse("reports:statistics"), {**query, "xuat": "xlsx"})
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("Danh hiệu / hình thức", "Loại khen thưởng", 2024, 2025, "Tổng")
    assert ("Giấy khen", "Đột xuất", 0, 1, 1) in rows
    assert sheet["C3"].number_format == "#,##0" and sheet.column_dimensions["A"].width >= len("Giấy khen")


def test_the_multi_year_record_as_docx(org):
    from io import BytesIO

    from docx import Document

    gk = CatalogueEntry.objects.get(code="GK")
    services.rating_set(actor=org.admin, person=org.person_a, year=2024, rating="HTXSNV")
    award = services.award_record(
        actor=org.admin,
        person=org.person_a,
        entry=gk,
        year=2025,
        decision_number="5/QĐ-CCT",
        decision_date=date(2025, 3, 1),
        issuer="Cục Chính trị",
    )
    services.award_revoke(
        actor=org.admin,
        award=award,
        decision_number="6/QĐ-CCT",
        decision_date=date(2025, 4, 1),
        reason="Sai đối tượng",
        issuer="Cục Chính trị",
    )
    response = client_for(org.officer_a).get(reverse("reports:history", args=["ca-nhan", org.person_a.pk]))
    doc = Document(BytesIO(response.content))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "Hoàn thành xuất sắc nhiệm vụ" in cells and "Giấy khen (đã hủy bỏ) — QĐ 5/QĐ-CCT" in cells
    assert (
        client_for(org.officer_b).get(reverse("reports:history", args=["ca-nhan", org.person_a.pk])).status_code == 404
    )


def test_the_cached_summary_follows_every_write(org):
    from tdkt.reports.summary import cached

    gk = CatalogueEntry.objects.get(code="GK")
    services.award_record(actor=org.admin, person=org.person_a, entry=gk, year=2025)
    first = cached("summary", year=2025, unit=org.a)
    assert first["commendations"]["CA_NHAN"]["subjects"] == 1
    services.award_record(actor=org.admin, person=org.person_a1, entry=gk, year=2025)  # a write: a new version
    assert cached("summary", year=2025, unit=org.a)["commendations"]["CA_NHAN"]["subjects"] == 2


def test_titles_proposals_and_exemplars_link_to_their_records_and_quotas_per_unit(org):
    from tdkt.emulation import services as emulation
    from tdkt.nominations import services as nominations
    from tdkt.nominations.tests.conftest import build_flow

    flow = build_flow(org)
    cstt = CatalogueEntry.objects.get(code="CSTT")
    for person in (org.person_a, org.person_a1):
        services.award_record(actor=org.admin, person=person, entry=cstt, year=2025, kind="THUONG_XUYEN")
    dossier = nominations.dossier_create(
        actor=org.officer_a, unit=org.a, year=2025, kind="KHEN_CAO", title="Đề nghị khen cao năm 2025"
    )
    nominations.item_add(
        actor=org.officer_a,
        dossier=dossier,
        entry=flow.entry("BK_BQP"),
        person=org.person_a11,
        justification="Thành tích xuất sắc",
    )
    emulation.exemplar_create(
        actor=org.officer_a, person=org.person_a1, field="Huấn luyện", campaigns=[], on=date(2025, 2, 1)
    )
    client = client_for(org.officer_a)
    html = client.get(reverse("reports:summary"), {"nam": 2025, "don_vi": "CCT"}).content.decode()
    assert "hang_muc=danh_hieu&ma=CSTT" in html and "hang_muc=khen_cao&doi_tuong=CA_NHAN" in html
    assert "hang_muc=dien_hinh&giai_doan=PHAT_HIEN" in html and 'data-testid="summary-quotas"' in html

    def behind(**params):
        response = client.get(reverse("reports:records"), {"nam": 2025, "don_vi": "CCT", **params})
        assert response.status_code == 200
        return response.content.decode()

    titles = behind(hang_muc="danh_hieu", ma="CSTT")
    assert "2 lượt danh hiệu" in titles and "Đặng Văn Đức" in titles and "Lê Anh Tuấn" not in titles
    proposals = behind(hang_muc="khen_cao", doi_tuong="CA_NHAN")
    assert "1 đề nghị" in proposals and "Lê Anh Tuấn" in proposals and "Đặng Văn Đức" not in proposals
    exemplars = behind(hang_muc="dien_hinh", giai_doan="PHAT_HIEN")
    assert "1 điển hình" in exemplars and "Bùi Thị Hồng" in exemplars
    assert client.get(reverse("reports:records"), {"nam": 2025, "don_vi": "CCT", "hang_muc": "x"}).status_code == 404

    from tdkt.reports.summary import annual_summary

    summary = annual_summary(year=2025, unit=org.a)
    cstt_quota = next(q for q in summary["title_quotas"]["scope"] if q["code"] == "CSTT")
    people_in_scope = org.a.people.count() + sum(u.people.count() for u in (org.a1, org.a11))
    assert cstt_quota["held"] == 2 and cstt_quota["base"] == people_in_scope
    assert cstt_quota["limit"] == int(people_in_scope * cstt_quota["max_share"])
    # the only child of CCT (Phòng Tuyên huấn) holds one of the two
    assert [p["code"] for p in summary["title_quotas"]["units"]] == ["CCT-TH"]
    assert next(q for q in summary["title_quotas"]["units"][0]["quotas"] if q["code"] == "CSTT")["held"] == 1


def test_dashboard_quotas_and_registrations_link_to_their_records(org):
    import json
    import re

    from tdkt.emulation import services as emulation

    cstt = CatalogueEntry.objects.get(code="CSTT")
    for person in (org.person_a, org.person_a1):
        emulation.registration_submit(actor=org.admin, entry=cstt, year=2025, person=person)
    services.award_record(actor=org.admin, person=org.person_a, entry=cstt, year=2025, kind="THUONG_XUYEN")
    client = client_for(org.officer_a)
    html = client.get(reverse("reports:dashboard"), {"nam": 2025, "don_vi": "CCT"}).content.decode()
    data = json.loads(
        re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["registrations"] == [{"code": "CSTT", "registered": 2, "achieved": 1}]
    assert 'data-testid="quota-links"' in html and data["links"]["titles"]["CSTT"] in html.replace("&amp;", "&")
    registered = client.get(data["links"]["registrations"]["CSTT"]).content.decode()
    assert "2 đăng ký" in registered and "Đặng Văn Đức" in registered and "Bùi Thị Hồng" in registered
    held = client.get(data["links"]["titles"]["CSTT"]).content.decode()
    assert "1 lượt danh hiệu" in held and "Đặng Văn Đức" in held and "Bùi Thị Hồng" not in held


def test_a_clusters_lists_show_only_the_actors_own_records_and_say_how_many_are_hidden(org):
    """Finding 6 of issue #14: a member agency's officer drilling into the cluster sees no sibling's people."""
    from tdkt.emulation import services as emulation
    from tdkt.nominations import services as nominations
    from tdkt.nominations.tests.conftest import build_flow

    build_flow(org)  # the authorities the khen cao dossiers go to
    cluster = emulation.cluster_create(actor=org.admin, code="C4", name="Cụm 4", organiser=org.root)
    for unit in (org.a, org.b):
        emulation.cluster_member_add(actor=org.admin, cluster=cluster, unit=unit, year=2025)
    gk, cstt, bk = (CatalogueEntry.objects.get(code=code) for code in ("GK", "CSTT", "BK_BQP"))
    for person in (org.person_a, org.person_b):
        services.award_record(actor=org.admin, person=person, entry=gk, year=2025, kind="THUONG_XUYEN")
        services.award_record(actor=org.admin, person=person, entry=cstt, year=2025, kind="THUONG_XUYEN")
        emulation.registration_submit(actor=org.admin, entry=cstt, year=2025, person=person)
        emulation.exemplar_create(actor=org.admin, field="Huấn luyện", campaigns=[], on=date(2025, 6, 1), person=person)
    for unit, person in ((org.a, org.person_a), (org.b1, org.person_b)):
        dossier = nominations.dossier_create(actor=org.admin, unit=unit, year=2025, kind="KHEN_CAO", title="Khen cao")
        nominations.item_add(actor=org.admin, dossier=dossier, entry=bk, person=person, achievement="Thành tích")

    client = client_for(org.officer_a)
    for category in ("khen_thuong", "danh_hieu", "khen_cao", "dien_hinh", "dang_ky"):
        answer = client.get(reverse("reports:records"), {"nam": 2025, "cum": "C4", "hang_muc": category})
        html = answer.content.decode()
        assert answer.status_code == 200, category
        assert "Đặng Văn Đức" in html, category
        assert "Nguyễn Văn An" not in html and "P-B" not in html and "Phòng Quân y" not in html, category
        assert 'data-testid="records-hidden">1 ' in html, category  # person_b's one record, counted, not named
        assert "ngoài phạm vi quản lý của bạn không được hiển thị" in html, category
    # the installation's administrator (root of the tree) sees both, and nothing is said to be hidden
    html = client_for(org.admin).get(reverse("reports:records"), {"nam": 2025, "cum": "C4"}).content.decode()
    assert "Nguyễn Văn An" in html and "không được hiển thị" not in html
