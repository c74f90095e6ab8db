"""The 403 page: the service's Vietnamese reason and a way back that stays on this site."""

from django.urls import reverse

from tdkt.org.tests.factories import client_for


def test_the_403_page_gives_the_reason_and_leads_back_only_within_the_site(org):
    client = client_for(org.officer_a)
    page = reverse("records:catalogue_create")  # the catalogue is the superuser's
    own = client.get(page, HTTP_REFERER="http://testserver/danh-muc/")
    html = own.content.decode()
    assert own.status_code == 403 and "Chỉ quản trị hệ thống" in html and "Không có thay đổi nào được lưu" in html
    assert 'href="http://testserver/danh-muc/">Quay lại' in html
    foreign = client.get(page, HTTP_REFERER="https://evil.example/lure").content.decode()
    assert "evil.example" not in foreign and f'href="{reverse("home")}">Quay lại' in foreign
