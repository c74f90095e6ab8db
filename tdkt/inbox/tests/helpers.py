"""Small builders shared by the inbox tests."""

from tdkt.nominations import services
from tdkt.nominations.tests.conftest import YEAR


def submitted_dossier(
    flow, *, unit=None, actor=None, person=None, title="Đề nghị khen thưởng tổng kết năm 2025 — Phòng Tuyên huấn"
):
    """A dossier of Phòng Tuyên huấn (held by Cục Chính trị's authority), submitted by its officer."""
    org = flow.org
    actor = actor or org.officer_a1
    dossier = services.dossier_create(actor=actor, unit=unit or org.a1, year=YEAR, kind="THUONG_XUYEN", title=title)
    services.item_add(actor=actor, dossier=dossier, entry=flow.entry("CSTT"), person=person or org.person_a1)
    return services.dossier_transition(actor=actor, dossier=dossier, action="submit")


def returned_dossier(flow, reason="Thiếu báo cáo thành tích của đồng chí Bùi Thị Hồng"):
    dossier = submitted_dossier(flow)
    return services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="return", reason=reason)
