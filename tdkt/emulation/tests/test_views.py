"""Emulation pages: forms call the services; refusals are shown and write nothing."""

from django.urls import reverse

from tdkt.emulation.models import Cluster, Movement
from tdkt.org.tests.factories import client_for
from tdkt.records import services as records


def test_cluster_set_up_through_the_pages(org):
    admin = client_for(org.admin)
    admin.post(reverse("emulation:clusters"), {"code": "cum4", "name": "Cụm 4", "organiser": org.root.pk})
    cluster = Cluster.objects.get(code="CUM4")
    page = reverse("emulation:cluster_detail", args=[cluster.pk])
    for code in ("CCT", "CHC"):
        admin.post(page, {"action": "member", "unit_code": code, "year": "2023"})
    assert cluster.memberships.count() == 2
    refused = admin.post(page, {"action": "leader", "year": "2023", "leader": org.a.pk}, follow=True)
    assert "chưa được xếp loại năm 2022" in refused.content.decode() and not cluster.leaderships.exists()
    records.rating_set(actor=org.admin, unit=org.a, year=2022, rating="HTXSNV")
    admin.post(page, {"action": "leader", "year": "2023", "leader": org.a.pk, "deputy": org.b.pk})
    admin.post(page, {"action": "covenant", "year": "2023", "signed_on": "15/01/2023", "content": "Giao ước 2023"})
    admin.post(
        page,
        {
            "action": "conference",
            "kind": "SO_KET",
            "year": "2023",
            "held_on": "30/06/2023",
            "place": "Hội trường",
            "host": org.a.pk,
            "presided_by": "Đại tá A",
        },
    )
    html = admin.get(page).content.decode()
    assert "Cục Chính trị" in html and "Giao ước 2023" in html and "Hội nghị sơ kết 6 tháng" in html
    assert client_for(org.outsider).get(page).status_code == 404


def test_movement_pages(org):
    officer = client_for(org.officer_a)
    officer.post(
        reverse("emulation:movements"),
        {
            "unit": org.a.pk,
            "kind": "QUYET_THANG",
            "name": "Quyết thắng 2025",
            "year": "2025",
            "starts_on": "01/01/2025",
            "ends_on": "31/12/2025",
        },
    )
    movement = Movement.objects.get(name="Quyết thắng 2025")
    page = reverse("emulation:movement_detail", args=[movement.pk])
    officer.post(page, {"action": "target", "name": "Huấn luyện khá giỏi", "planned": "70", "measure": "%"})
    target = movement.targets.get()
    officer.post(page, {"action": "result", "target": target.pk, "result": "72,5"})
    officer.post(page, {"action": "cascade", "units": [org.a1.pk]})
    html = officer.get(page).content.decode()
    assert "đạt" in html and "Phòng Tuyên huấn" in html
    assert client_for(org.officer_b).get(page).status_code == 404


def test_unit_conferences_and_conference_documents(org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tdkt.emulation import services

    officer = client_for(org.officer_a)
    officer.post(
        reverse("emulation:movements"),
        {
            "action": "conference",
            "unit": org.a.pk,
            "kind": "SO_KET",
            "year": "2025",
            "held_on": "30/06/2025",
            "place": "Hội trường",
            "presided_by": "Đại tá B",
            "conclusions": "Đạt kế hoạch 6 tháng",
        },
    )
    page = officer.get(reverse("emulation:movements") + "?nam=2025").content.decode()
    assert "Hội nghị sơ kết 6 tháng" in page and "Đạt kế hoạch 6 tháng" in page
    cluster = services.cluster_create(actor=org.admin, code="C1", name="Cụm 1", organiser=org.root)
    services.cluster_member_add(actor=org.admin, cluster=cluster, unit=org.a, year=2025)
    conference = services.conference_record(
        actor=org.admin,
        kind="TONG_KET",
        year=2025,
        cluster=cluster,
        held_on=__import__("datetime").date(2025, 12, 1),
        place="HT",
        host=org.a,
        presided_by="A",
    )
    admin = client_for(org.admin)
    admin.post(
        reverse("emulation:cluster_detail", args=[cluster.pk]),
        {
            "action": "conference_document",
            "conference": conference.pk,
            "file": SimpleUploadedFile("ket-luan.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
    )
    document = conference.documents.get()
    url = reverse("emulation:conference_document", args=[document.pk])
    assert admin.get(url).status_code == 200
    assert client_for(org.officer_b).get(url).status_code == 404


def test_pages_have_plain_titles(org):
    import re

    client = client_for(org.admin)
    for name, args in (
        ("emulation:clusters", []),
        ("emulation:movements", []),
        ("emulation:registrations", []),
        ("emulation:exemplars", []),
    ):
        html = client.get(reverse(name, args=args)).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "<" not in title and "Thi đua – Khen thưởng" in title, (name, title[:80])
