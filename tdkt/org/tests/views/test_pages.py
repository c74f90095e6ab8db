from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tdkt.audit.models import AuditEvent
from tdkt.org.models import Person, Unit
from tdkt.org.tests.factories import PASSWORD, client_for

# (url name, object attribute on the org tree or None) -> pages that show or edit one object
OBJECT_PAGES = [
    ("org:unit_detail", "a1"),
    ("org:unit_children", "a1"),
    ("org:unit_update", "a1"),
    ("org:unit_dissolve", "a1"),
    ("org:person_detail", "person_a1"),
    ("org:person_update", "person_a1"),
    ("org:person_transfer", "person_a1"),
]
EDIT_PAGES = {"org:unit_update", "org:unit_dissolve", "org:person_update", "org:person_transfer"}


@pytest.mark.parametrize("name, attr", OBJECT_PAGES)
@pytest.mark.parametrize(
    "who, expected_view, expected_edit",
    [
        ("admin", 200, 200),  # QUAN_TRI on the root: parent of everything
        ("officer_a", 200, 200),  # officer on the parent unit
        ("officer_a1", 200, 200),  # officer on the unit itself
        ("viewer_a", 200, 403),  # viewer: sees, may not edit
        ("council_a", 200, 403),
        ("commander", 200, 403),
        ("officer_b", 404, 404),  # other branch: does not exist for them
        ("outsider", 404, 404),  # no role at all
    ],
)
def test_object_pages_are_scoped(org, name, attr, who, expected_view, expected_edit):
    response = client_for(getattr(org, who)).get(reverse(name, args=[getattr(org, attr).pk]))
    assert response.status_code == (expected_edit if name in EDIT_PAGES else expected_view)


def test_child_unit_officer_cannot_see_the_parent(org):
    assert client_for(org.officer_a1).get(reverse("org:unit_detail", args=[org.a.pk])).status_code == 404
    assert client_for(org.officer_a1).get(reverse("org:person_detail", args=[org.person_a.pk])).status_code == 404


@pytest.mark.parametrize("name", ["home", "org:unit_tree", "org:person_list", "org:person_create", "org:unit_create"])
def test_pages_require_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_login_with_wrong_password_shows_a_vietnamese_message(org):
    response = Client().post(reverse("login"), {"username": "canbo.a", "password": "sai-mat-khau"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    response = Client().post(reverse("login"), {"username": "canbo.a", "password": PASSWORD})
    assert response.status_code == 302


def test_tree_shows_the_remit_with_head_counts(org):
    html = client_for(org.officer_a).get(reverse("org:unit_tree")).content.decode()
    assert "Cục Chính trị" in html and "3 người" in html and "Cục Hậu cần" not in html


def test_tree_children_partial(org):
    response = client_for(org.officer_a).get(reverse("org:unit_children", args=[org.a.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Phòng Tuyên huấn" in html and "<html" not in html


def test_person_list_search_and_htmx_partial(org):
    client = client_for(org.commander)
    full = client.get(reverse("org:person_list"), {"q": "dang van duc"}).content.decode()
    assert "Đặng Văn Đức" in full and "<html" in full and "Nguyễn Văn An" not in full
    partial = client.get(reverse("org:person_list"), {"q": "nguyen"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Nguyễn Văn An" in partial and "<html" not in partial


def test_person_list_query_count_does_not_grow_with_rows(org, django_assert_max_num_queries):
    client = client_for(org.commander)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("org:person_list")).status_code == 200


def test_edit_person_with_an_invalid_date_then_successfully(org):
    client = client_for(org.officer_a)
    url = reverse("org:person_update", args=[org.person_a1.pk])
    data = {
        "code": "P-A1",
        "full_name": "Bùi Thị Hồng",
        "birth_date": "31/02/1990",
        "gender": "NU",
        "category": "SI_QUAN",
        "rank": "DAI_UY",
        "position": "Trợ lý",
        "service_start": "01/09/2010",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "Nhập một ngày hợp lệ" in response.content.decode()
    data["birth_date"] = "17/05/1991"
    response = client.post(url, {**data, "position": "Trưởng ban", "reason": "Bổ nhiệm"})
    assert response.status_code == 302
    person = Person.objects.get(pk=org.person_a1.pk)
    assert (person.birth_date, person.position) == (date(1991, 5, 17), "Trưởng ban")
    detail = client.get(reverse("org:person_detail", args=[person.pk])).content.decode()
    assert "17/05/1991" in detail and "Sửa thông tin quân nhân" in detail  # history on the page


def test_service_errors_appear_on_the_form(org):
    client = client_for(org.officer_a)
    response = client.post(
        reverse("org:unit_update", args=[org.a.pk]),
        {"code": "CCT", "name": "Cục Chính trị", "unit_type": "CUC", "parent": org.a11.pk, "position": 0},
    )
    assert response.status_code == 400


def test_create_unit_with_duplicate_code_shows_a_message(org):
    client = client_for(org.officer_a)
    before = Unit.objects.count()
    response = client.post(
        reverse("org:unit_create"),
        {"code": "cct-th", "name": "Trùng", "unit_type": "PHONG", "parent": org.a.pk, "position": 0},
    )
    assert response.status_code == 400 and "Mã" in response.content.decode()
    assert Unit.objects.count() == before


def test_transfer_form_into_a_dissolved_unit_is_not_offered(org):
    client = client_for(org.admin)
    empty = Unit.objects.create(code="TAM", name="Tạm", parent=org.root, dissolved_on=date(2024, 1, 1))
    response = client.post(
        reverse("org:person_transfer", args=[org.person_a.pk]), {"to_unit": empty.pk, "effective_on": "01/02/2025"}
    )
    assert response.status_code == 400
    assert Person.objects.get(pk=org.person_a.pk).unit == org.a


def test_deleting_a_unit_with_people_is_refused_on_the_page(org):
    client = client_for(org.admin)
    response = client.post(reverse("org:unit_delete", args=[org.a11.pk]), follow=True)
    assert "Hãy dùng chức năng giải thể" in response.content.decode()
    assert Unit.objects.filter(pk=org.a11.pk).exists()


def test_forged_post_without_csrf_token_is_refused(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.officer_a)
    events = AuditEvent.objects.count()
    response = client.post(
        reverse("org:person_update", args=[org.person_a1.pk]),
        {"code": "P-A1", "full_name": "Giả mạo", "category": "SI_QUAN"},
    )
    assert response.status_code == 403
    assert Person.objects.get(pk=org.person_a1.pk).full_name == "Bùi Thị Hồng"
    assert AuditEvent.objects.count() == events


def test_tampered_unit_id_in_a_form_post_is_rejected(org):
    """An officer of Cục Chính trị posting a unit id of Cục Hậu cần: the choice is not offered."""
    client = client_for(org.officer_a)
    response = client.post(
        reverse("org:person_create"), {"code": "NEW", "full_name": "Ai Đó", "category": "SI_QUAN", "unit": org.b1.pk}
    )
    assert response.status_code == 400 and "lựa chọn hợp lệ" in response.content.decode()
    assert not Person.objects.filter(code="NEW").exists()


def test_dates_show_as_dd_mm_yyyy(org):
    html = client_for(org.officer_a).get(reverse("org:person_detail", args=[org.person_a.pk])).content.decode()
    assert "17/05/1990" in html and "01/09/2010" in html


def test_person_list_with_a_foreign_unit_filter_shows_an_error_and_no_rows(org):
    response = client_for(org.officer_a).get(reverse("org:person_list"), {"unit": org.b1.pk})
    html = response.content.decode()
    assert "lựa chọn hợp lệ" in html and "0 kết quả" in html and "Nguyễn Văn An" not in html


def test_the_unit_page_and_tree_cost_the_same_queries_whatever_the_size_of_the_unit(org):
    """Head counts, children and permission checks are a fixed number of queries, not one per child."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tdkt.org import services
    from tdkt.org.choices import UnitType
    from tdkt.org.tests.factories import person_create

    client = client_for(org.officer_a)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    pages = [reverse("org:unit_detail", args=[org.a.pk]), reverse("org:unit_tree")]
    before = [queries(url) for url in pages]
    for i in range(5):
        child = services.unit_create(
            actor=services.system_actor(), code=f"CCT-P{i}", name=f"Phòng {i}", parent=org.a,
            unit_type=UnitType.PHONG, founded_on=date(2000, 1, 1),
        )  # fmt: skip
        person_create(child, code=f"P-X{i}", full_name=f"Quân nhân {i}")
    assert [queries(url) for url in pages] == before
    assert b"Ph\xc3\xb2ng 4" in client.get(pages[0]).content
