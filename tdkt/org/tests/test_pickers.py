"""The unit and person pickers: path labels, the scoped search endpoints, the widgets' HTML."""

import pytest
from django import forms
from django.urls import reverse

from tdkt.org.models import Person, Unit
from tdkt.org.pickers import actor_home_unit, person_search, unit_labels, unit_search
from tdkt.org.services import system_actor, unit_create
from tdkt.org.tests.factories import client_for, person_create
from tdkt.org.widgets import PERSON_NOT_FOUND, PersonChoiceField, UnitChoiceField

pytestmark = pytest.mark.django_db


def _ban_ke_hoach(org):
    """Two units named "Ban Kế hoạch" in different branches: only the path tells them apart."""
    actor = system_actor()
    tm = unit_create(actor=actor, code="CKT-TM", name="Phòng Tham mưu", parent=org.c, unit_type="PHONG")
    in_c = unit_create(actor=actor, code="CKT-TM-KH", name="Ban Kế hoạch", parent=tm, unit_type="BAN")
    in_b = unit_create(actor=actor, code="CHC-QY-KH", name="Ban Kế hoạch", parent=org.b1, unit_type="BAN")
    return in_c, in_b


def test_path_label_names_the_parents_nearest_first_without_the_top_of_the_tree(org):
    in_c, in_b = _ban_ke_hoach(org)
    labels = unit_labels([in_c, in_b, org.c, org.root])
    assert labels[in_c.pk] == "Ban Kế hoạch — Phòng Tham mưu — Cục Kỹ thuật"
    assert labels[in_b.pk] == "Ban Kế hoạch — Phòng Quân y — Cục Hậu cần"
    assert labels[org.c.pk] == "Cục Kỹ thuật"
    assert labels[org.root.pk] == "Bộ Tư lệnh Quân khu"


def test_unit_search_ignores_accents_and_matches_any_level_of_the_path(org):
    in_c, in_b = _ban_ke_hoach(org)
    found = unit_search(actor=org.admin, query="ke hoach")
    assert [u["id"] for u in found] == [in_b.pk, in_c.pk]  # tree order: Cục Hậu cần before Cục Kỹ thuật
    narrowed = unit_search(actor=org.admin, query="ke hoach ky thuat")
    assert [u["label"] for u in narrowed] == ["Ban Kế hoạch — Phòng Tham mưu — Cục Kỹ thuật"]
    assert unit_search(actor=org.admin, query="KẾ HOẠCH tham MƯU")[0]["code"] == "CKT-TM-KH"


def test_unit_search_never_answers_outside_the_remit(org):
    in_c, in_b = _ban_ke_hoach(org)
    found = unit_search(actor=org.officer_b, query="ke hoach")  # officer of Cục Hậu cần
    assert [u["id"] for u in found] == [in_b.pk]
    assert unit_search(actor=org.officer_b, query="ky thuat") == []
    assert unit_search(actor=org.outsider, query="cuc") == []


def test_person_search_shows_rank_and_unit_path_and_stays_in_the_remit(org):
    twin = person_create(org.c, code="P-C2", full_name="Nguyễn Văn An")
    found = person_search(actor=org.admin, query="nguyen van an")
    assert {p["code"] for p in found} == {"P-B", "P-C2"}
    by_code = {p["code"]: p for p in found}
    assert by_code["P-C2"]["label"] == "Đại úy Nguyễn Văn An"
    assert by_code["P-C2"]["detail"] == "P-C2 · Cục Kỹ thuật"
    assert by_code["P-B"]["detail"] == "P-B · Phòng Quân y — Cục Hậu cần"
    assert [p["code"] for p in person_search(actor=org.officer_b, query="NGUYỄN an")] == ["P-B"]
    assert twin.pk not in {p["id"] for p in person_search(actor=org.officer_b, query="an")}


def test_person_search_puts_names_with_the_typed_words_in_order_and_accents_first(org):
    # every one of them holds "nguyen" and "van"; the sort by name alone put the "… Vân" first
    for code, name in [
        ("R-1", "Nguyễn Thị Vân"),
        ("R-2", "Lê Nguyễn Văn Hải"),
        ("R-3", "Nguyễn Văn Xuân"),
        ("R-4", "Nguyễn Vân Anh"),
        ("R-5", "Nguyễn Văn Bình"),
        ("R-6", "Văn Nguyễn Tú"),
    ]:
        person_create(org.c, code=code, full_name=name)
    codes = [p["code"] for p in person_search(actor=org.admin, query="Nguyễn  Văn", limit=50) if p["code"][:2] == "R-"]
    # same accents at the start (by name), same accents inside, no accents at the start, then the words apart
    assert codes == ["R-5", "R-3", "R-2", "R-4", "R-1", "R-6"]
    unaccented = [p["code"] for p in person_search(actor=org.admin, query="nguyen van", limit=50)]
    assert set(unaccented[:4]) == {"P-B", "R-3", "R-4", "R-5"} and unaccented[4:6] == ["R-2", "R-1"]
    assert [p["code"] for p in person_search(actor=org.admin, query="Nguyễn Văn", limit=2)] == ["P-B", "R-5"]


@pytest.mark.parametrize(
    "url, query, expected",
    [
        ("org:unit_search", "quan y", {"CHC-QY"}),
        ("org:unit_search", "ky thuat", set()),  # Cục Kỹ thuật exists, outside Cục Hậu cần
        ("org:person_search", "nguyen", {"P-B"}),
        ("org:person_search", "minh", set()),  # Hồ Quang Minh is in Cục Kỹ thuật
        ("org:subject_search", "quan y", {"CHC-QY"}),
        ("org:subject_search", "an", {"P-B", "CHC", "CHC-QY"}),  # "an" in Nguyễn Văn An, Hậu cần, Quân y
    ],
)
def test_search_endpoints_answer_json_scoped_to_the_actor(org, url, query, expected):
    response = client_for(org.officer_b).get(reverse(url), {"q": query})
    assert response.status_code == 200
    assert {r["code"] for r in response.json()["results"]} == expected


def test_search_endpoints_need_a_login_and_an_empty_query_finds_nothing(client, org):
    assert client.get(reverse("org:person_search"), {"q": "an"}).status_code == 302
    assert client_for(org.admin).get(reverse("org:unit_search"), {"q": "  "}).json() == {"results": []}


def test_actor_home_unit_is_the_unit_of_the_role_never_a_guess(org):
    assert actor_home_unit(org.officer_b) == org.b
    assert actor_home_unit(org.officer_b, Unit.objects.exclude(pk=org.b.pk)) is None
    assert actor_home_unit(org.outsider) is None


class _Form(forms.Form):
    unit = UnitChoiceField(queryset=Unit.objects.none())
    person = PersonChoiceField(required=False)


def test_unit_field_renders_a_select_with_path_labels_in_tree_order_and_no_unit_chosen(org):
    in_c, in_b = _ban_ke_hoach(org)
    form = _Form()
    form.fields["unit"].queryset = Unit.objects.exclude(pk=org.root.pk)
    html = str(form["unit"])
    assert 'data-picker="unit"' in html and "<select" in html
    # the one option selected is the empty one: nothing is chosen for the user
    assert html.count(" selected") == 1 and '<option value="" selected>— Chọn đơn vị —</option>' in html
    assert f'<option value="{in_c.pk}">Ban Kế hoạch — Phòng Tham mưu — Cục Kỹ thuật</option>' in html
    order = [
        html.index(label)
        for label in ("Cục Chính trị<", "Cục Hậu cần<", "Phòng Quân y — Cục Hậu cần<", "Cục Kỹ thuật<")
    ]
    assert order == sorted(order)


def test_person_field_takes_a_code_in_its_queryset_and_labels_only_people_it_may_choose(org):
    form = _Form(data={"unit": org.b.pk, "person": "p-b"})
    form.fields["unit"].queryset = Unit.objects.all()
    form.fields["person"].queryset = Person.objects.filter(unit__in=[org.b, org.b1])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["person"] == org.person_b
    html = str(form["person"])
    assert 'data-picker="person"' in html and 'data-label="Đại úy Nguyễn Văn An (P-B)"' in html

    foreign = _Form(data={"unit": org.b.pk, "person": "P-C"})
    foreign.fields["unit"].queryset = Unit.objects.all()
    foreign.fields["person"].queryset = Person.objects.filter(unit__in=[org.b, org.b1])
    assert not foreign.is_valid()
    assert foreign.errors["person"] == [PERSON_NOT_FOUND]
    assert "Hồ Quang Minh" not in str(foreign["person"])  # a foreign code never shows its name


def test_unit_options_tag_gives_hand_written_selects_the_same_labels_and_marks_the_chosen_one(org):
    from django.template import Context, Template

    in_c, _ = _ban_ke_hoach(org)
    template = Template('{% load pickers %}{% unit_options units chosen value="code" empty="(hoặc đơn vị)" %}')
    html = template.render(Context({"units": Unit.objects.exclude(pk=org.root.pk), "chosen": in_c}))
    assert html.startswith('<option value="">(hoặc đơn vị)</option>')  # something is chosen: the empty one is not
    assert '<option value="CKT-TM-KH" selected>Ban Kế hoạch — Phòng Tham mưu — Cục Kỹ thuật</option>' in html
    nothing = template.render(Context({"units": Unit.objects.all(), "chosen": None}))
    assert nothing.startswith('<option value="" selected>(hoặc đơn vị)</option>') and nothing.count("selected") == 1
