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
    services.award_revoke(actor=org.admin, award=revoked, decision_number="1/HUY", decision_date=date(2025, 12, 1),
                          reason="Sai quy trình")
    client = client_for(org.officer_a)
    html = client.get(reverse("reports:summary"), {"nam": 2025, "don_vi": "CCT"}).content.decode()
    assert "khen thưởng thường xuyên, đột xuất và trong các nhiệm vụ cho 0 tập thể và 2 cá nhân" in html
    behind = client.get(reverse("reports:records"), {"nam": 2025, "don_vi": "CCT", "doi_tuong": "CA_NHAN"})
    text = behind.content.decode()
    assert "Đặng Văn Đức" in text and "Bùi Thị Hồng" in text and "Lê Anh Tuấn" not in text  # thematic apart
    assert "2 lượt khen thưởng" in text  # the revoked one is not behind any figure
    thematic = client.get(reverse("reports:records"), {"nam": 2025, "don_vi": "CCT", "doi_tuong": "CA_NHAN",
                                                       "loai": "CHUYEN_DE"}).content.decode()
    assert "Lê Anh Tuấn" in thematic
    assert client.get(reverse("reports:summary"), {"nam": 2025, "don_vi": "CHC"}).status_code == 404  # not in remit
    docx = client.get(reverse("reports:summary"), {"nam": 2025, "don_vi": "CCT", "xuat": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
