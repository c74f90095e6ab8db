"""The FilterSets on the pages: the pages' Vietnamese parameters, a form error (and no rows) for an invalid value,
and the actor's remit never widened; plus the base fields of tdkt.core.filters."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from tdkt.core.filters import BooleanField, IdField
from tdkt.emulation import services as emulation
from tdkt.nominations import services as nominations
from tdkt.nominations.filters import DossierFilterSet
from tdkt.nominations.selectors import dossier_list
from tdkt.nominations.tests.conftest import build_flow
from tdkt.org.filters import PersonFilterSet
from tdkt.org.selectors import person_list
from tdkt.org.tests.factories import client_for


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "9" * 25, "١٢"])
def test_an_id_is_a_positive_bigint(value):
    with pytest.raises(ValidationError, match="Mã số không hợp lệ"):
        IdField(required=False).clean(value)


def test_an_id_and_a_boolean_parse():
    assert IdField(required=False).clean(" 42 ") == 42 and IdField(required=False).clean("") is None
    field = BooleanField(required=False)
    assert [field.clean(v) for v in ("true", "1", "false", "0", "")] == [True, True, False, False, None]
    with pytest.raises(ValidationError, match="true hoặc false"):
        field.clean("yes please")


def _request(user, **params):
    request = RequestFactory().get("/", params)
    request.user = user
    return request


def test_the_page_binds_its_own_names_and_the_api_its_own(org):
    build_flow(org)
    nominations.dossier_create(actor=org.admin, unit=org.a, year=2024, kind="THUONG_XUYEN", title="Năm 2024")
    nominations.dossier_create(actor=org.admin, unit=org.a, year=2025, kind="THUONG_XUYEN", title="Năm 2025")
    scoped = dossier_list(actor=org.admin)
    page = DossierFilterSet.for_page(_request(org.admin, nam="2024", trang="3"), scoped)
    assert [d.title for d in page.qs] == ["Năm 2024"] and "nam" in page.form.fields and "year" not in page.form.fields
    api = DossierFilterSet({"year": "2025"}, scoped)
    assert [d.title for d in api.qs] == ["Năm 2025"]
    # the page's name means nothing to the API filter, and the other way round: not filtered, not an error
    assert DossierFilterSet({"nam": "2024"}, scoped).qs.count() == 2


def test_an_invalid_value_shows_nothing_rather_than_everything(org):
    request = _request(org.admin, unit=str(org.a.pk), scope="sideways")
    filterset = PersonFilterSet.for_page(request, person_list(actor=org.admin))
    assert not filterset.is_valid() and list(filterset.qs) == []
    assert filterset.error_messages() == ["Phạm vi: Phạm vi không hợp lệ: chọn cả đơn vị cấp dưới hoặc chỉ đơn vị này."]


def test_a_filter_never_widens_the_selectors_scope(org):
    # Cục Hậu cần's officer asks the API filter for Cục Chính trị's people: the scoped queryset stays his
    filterset = PersonFilterSet({"unit": str(org.a.pk)}, person_list(actor=org.officer_b))
    assert filterset.is_valid() and list(filterset.qs) == []
    filterset = PersonFilterSet({"q": "nguyen"}, person_list(actor=org.officer_b))
    assert [p.code for p in filterset.qs] == ["P-B"]


def test_the_people_page_keeps_scope_direct_and_its_foreign_unit_error(org):
    client = client_for(org.admin)
    html = client.get(reverse("org:person_list"), {"unit": org.a.pk, "scope": "direct"}).content.decode()
    assert "Đặng Văn Đức" in html and "Bùi Thị Hồng" not in html and "1 kết quả" in html
    html = client.get(reverse("org:person_list"), {"unit": org.a.pk}).content.decode()
    assert "Bùi Thị Hồng" in html and "3 kết quả" in html
    html = client.get(reverse("org:person_list"), {"q": "le anh"}).content.decode()
    assert "Lê Anh Tuấn" in html and "Đặng Văn Đức" not in html


def test_the_dossier_page_filters_and_shows_a_form_error_not_a_500(org):
    build_flow(org)
    nominations.dossier_create(actor=org.admin, unit=org.a, year=2024, kind="THUONG_XUYEN", title="Tổng kết 2024")
    nominations.dossier_create(actor=org.admin, unit=org.a, year=2025, kind="CHUYEN_DE", title="Chuyên đề 2025")
    client = client_for(org.officer_a)
    url = reverse("nominations:dossier_list")
    html = client.get(url, {"nam": "2025"}).content.decode()
    assert "Chuyên đề 2025" in html and "Tổng kết 2024" not in html
    html = client.get(url, {"kind": "THUONG_XUYEN", "trang_thai": "NHAP"}).content.decode()
    assert "Tổng kết 2024" in html and "Chuyên đề 2025" not in html
    response = client.get(url, {"trang_thai": "MAT_TICH"})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="filter-errors"' in html
    assert "Trạng thái: Hãy chọn một lựa chọn hợp lệ" in html and "Tổng kết 2024" not in html
    other = client_for(org.officer_b).get(url, {"nam": "2024"}).content.decode()
    assert "Tổng kết 2024" not in other


def test_the_exemplar_page_filters_by_campaign_and_stage(org):
    campaign = "Phát huy truyền thống, cống hiến tài năng, xứng danh Bộ đội Cụ Hồ"
    emulation.exemplar_create(
        actor=org.admin, field="Huấn luyện giỏi", campaigns=[campaign], on=date(2025, 3, 1), person=org.person_a
    )
    emulation.exemplar_create(
        actor=org.admin, field="Bếp ăn tốt", campaigns=[], on=date(2025, 3, 1), person=org.person_a1
    )
    client = client_for(org.officer_a)
    url = reverse("emulation:exemplars")
    html = client.get(url, {"phong_trao": campaign}).content.decode()
    assert "Huấn luyện giỏi" in html and "Bếp ăn tốt" not in html
    html = client.get(url, {"giai_doan": "PHAT_HIEN"}).content.decode()
    assert "Huấn luyện giỏi" in html and "Bếp ăn tốt" in html
    html = client.get(url, {"giai_doan": "NHAN_RONG"}).content.decode()
    assert "Huấn luyện giỏi" not in html
    html = client.get(url, {"giai_doan": "NOI_TIENG"}).content.decode()
    assert "Giai đoạn: Hãy chọn một lựa chọn hợp lệ" in html and "Huấn luyện giỏi" not in html
