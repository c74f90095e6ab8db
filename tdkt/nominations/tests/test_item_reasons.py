"""A dossier item explains its screening as the screening page does (issue #16, item 11): the conditions met
for an eligible item, what is missing (a failed "one of" together) for the others, every source with its
article and a C/H/U legend; old snapshots without `decisive`/`alternatives` still read sensibly."""

from django.urls import reverse

from tdkt.nominations import services
from tdkt.nominations.models import DossierItem
from tdkt.nominations.tests.test_services import dossier_for
from tdkt.org.tests.factories import client_for

SOURCE = "Luật TĐKT 2022 Đ74 k1d [C]"
MET = {"condition": "Xếp loại năm xét", "met": True, "evidence": "Hoàn thành tốt nhiệm vụ", "source": SOURCE}
# the unmet alternative of a met "one of": never shown as missing (it read "… không xét cho đối tượng này")
OTHER = {
    "condition": "Đạt tiêu chuẩn danh hiệu Lao động tiên tiến năm xét",
    "met": False,
    "evidence": "Danh hiệu Lao động tiên tiến không xét cho đối tượng này.",
    "source": "Luật TĐKT 2003 (sửa đổi 2013) [H]",
}


def _item(flow, status, reasons):
    dossier = dossier_for(flow)
    item = services.item_add(
        actor=flow.org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=flow.org.person_a
    )
    DossierItem.objects.filter(pk=item.pk).update(
        eligibility_status=status, eligibility_snapshot={"verdict": {"status": status, "reasons": reasons}}
    )
    return dossier


def _cell(flow, dossier) -> str:
    page = client_for(flow.org.officer_a).get(reverse("nominations:dossier_detail", args=[dossier.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    return html[html.index('data-testid="item-reasons"') :].split("</td>")[0]


def test_an_eligible_item_lists_what_it_met_with_the_article_and_the_legend(flow):
    dossier = _item(flow, "ELIGIBLE", [MET, {**OTHER, "decisive": False, "alternatives": 0}])
    cell = _cell(flow, dossier)
    assert "Đã đạt:" in cell and "Xếp loại năm xét: Hoàn thành tốt nhiệm vụ" in cell
    assert "Luật TĐKT 2022, Điều 74, khoản 1, điểm d" in cell and 'title="chắc chắn">C<' in cell
    assert "không xét cho đối tượng này" not in cell and "Còn thiếu" not in cell
    page = client_for(flow.org.officer_a).get(reverse("nominations:dossier_detail", args=[dossier.pk])).content
    assert "Mức tin cậy của căn cứ pháp lý" in page.decode() and "chưa đối chiếu văn bản" in page.decode()


def test_an_old_snapshot_of_an_eligible_item_shows_only_what_was_met(flow):
    dossier = _item(flow, "ELIGIBLE", [MET, OTHER])  # taken before the snapshot kept `decisive`
    cell = _cell(flow, dossier)
    assert "Xếp loại năm xét" in cell and "Lao động tiên tiến" not in cell


def test_a_refused_item_lists_what_is_missing_and_a_failed_one_of_together(flow):
    first = {**OTHER, "decisive": True, "alternatives": 1}
    second = {"condition": "Chiến sĩ tiên tiến năm xét", "met": False, "evidence": "Chưa có", "source": SOURCE}
    second |= {"decisive": True, "alternatives": 1}
    unsure = {"condition": "Không vi phạm kỷ luật", "met": None, "evidence": "Chưa có dữ liệu", "source": SOURCE}
    dossier = _item(flow, "NOT_ELIGIBLE", [MET, first, second, unsure])
    cell = _cell(flow, dossier)
    assert "Còn thiếu:" in cell and "Một trong các điều kiện sau:" in cell and "Chiến sĩ tiên tiến năm xét" in cell
    assert "Cần xác nhận:" in cell and "Không vi phạm kỷ luật" in cell
    assert "Xếp loại năm xét" not in cell and "Đã đạt" not in cell
    assert "Luật TĐKT 2003 (sửa đổi 2013), chưa xác định điều" in cell


def test_a_new_item_keeps_which_reasons_were_decisive(flow):
    dossier = dossier_for(flow)
    item = services.item_add(
        actor=flow.org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=flow.org.person_a
    )
    reasons = item.eligibility_snapshot["verdict"]["reasons"]
    assert reasons and all({"decisive", "alternatives"} <= set(r) for r in reasons)
