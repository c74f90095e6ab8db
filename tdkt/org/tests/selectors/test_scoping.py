from datetime import date

import pytest

from tdkt.org import selectors, services
from tdkt.org.choices import Rank
from tdkt.org.selectors import PersonFilter
from tdkt.org.tests.factories import person_create


def codes(qs):
    return sorted(p.code for p in qs)


def test_a_role_covers_the_whole_subtree_and_nothing_else(org):
    assert codes(selectors.person_list(actor=org.officer_a)) == ["P-A", "P-A1", "P-A11"]
    assert codes(selectors.person_list(actor=org.officer_a1)) == ["P-A1", "P-A11"]
    assert codes(selectors.person_list(actor=org.officer_b)) == ["P-B"]
    assert len(codes(selectors.person_list(actor=org.commander))) == 5
    assert codes(selectors.person_list(actor=org.outsider)) == []
    assert {u.code for u in selectors.unit_list(actor=org.officer_a)} == {"CCT", "CCT-TH", "CCT-TH-TDKT"}


def test_action_scoping_differs_from_view_scoping(org):
    assert codes(selectors.person_list(actor=org.viewer_a)) == ["P-A", "P-A1", "P-A11"]
    assert codes(selectors.person_list(actor=org.viewer_a, action="change")) == []
    assert codes(selectors.person_list(actor=org.council_a, action="change")) == []


def test_inactive_users_see_nothing(org):
    org.officer_a.is_active = False
    assert codes(selectors.person_list(actor=org.officer_a)) == []


def test_tree_roots_are_the_top_of_each_grant(org):
    services.role_grant(actor=None, user=org.officer_a, unit=org.a1, role="XEM")  # nested grant
    services.role_grant(actor=None, user=org.officer_a, unit=org.b1, role="XEM")
    assert {u.code for u in selectors.unit_roots(actor=org.officer_a)} == {"CCT", "CHC-QY"}


def test_breadcrumbs_stop_at_the_top_of_the_remit(org):
    assert [u.code for u in selectors.unit_breadcrumbs(actor=org.officer_a1, unit=org.a11)] == ["CCT-TH"]
    assert [u.code for u in selectors.unit_breadcrumbs(actor=org.admin, unit=org.a11)] == ["QK", "CCT", "CCT-TH"]


@pytest.mark.parametrize("query", ["dang van duc", "ĐẶNG VĂN ĐỨC", "van duc", "đức", "p-a"])
def test_search_ignores_diacritics_and_case(org, query):
    found = codes(selectors.person_list(actor=org.officer_a, filters=PersonFilter(q=query)))
    assert "P-A" in found


def test_search_never_leaks_outside_the_remit(org):
    assert codes(selectors.person_list(actor=org.officer_b, filters=PersonFilter(q="duc"))) == []


def test_filters_by_unit_subtree_rank_and_category(org):
    sub = selectors.person_list(actor=org.officer_a, filters=PersonFilter(unit=org.a1))
    direct = selectors.person_list(actor=org.officer_a, filters=PersonFilter(unit=org.a1, include_subunits=False))
    assert codes(sub) == ["P-A1", "P-A11"] and codes(direct) == ["P-A1"]
    person_create(org.a1, code="P-TA", full_name="Vũ Văn Tá", rank=Rank.THIEU_TA, category="QNCN")
    by_rank = selectors.person_list(actor=org.officer_a, filters=PersonFilter(rank=Rank.THIEU_TA))
    by_category = selectors.person_list(actor=org.officer_a, filters=PersonFilter(category="QNCN"))
    assert codes(by_rank) == ["P-TA"] and codes(by_category) == ["P-TA"]


def test_people_sort_in_vietnamese_order(org):
    names = ["Đỗ Văn Tám", "Dương Thị Hà", "Bùi Văn Lực", "Lê Ăn", "Lê Anh", "Hồ Văn Út", "Đặng Văn Đạt"]
    for i, name in enumerate(names):
        person_create(org.c, code=f"S{i}", full_name=name)
    listed = [
        p.full_name
        for p in selectors.person_list(actor=org.admin, filters=PersonFilter(unit=org.c))
        if p.code.startswith("S")
    ]
    assert listed == ["Bùi Văn Lực", "Dương Thị Hà", "Đặng Văn Đạt", "Đỗ Văn Tám", "Hồ Văn Út", "Lê Anh", "Lê Ăn"]
    by_given = [
        p.full_name
        for p in selectors.person_list(actor=org.admin, filters=PersonFilter(unit=org.c, ordering="given"))
        if p.code.startswith("S")
    ]
    assert by_given[:2] == ["Lê Anh", "Lê Ăn"] and by_given[-1] == "Hồ Văn Út"


def test_headcounts_cover_the_subtree(org):
    counts = selectors.unit_headcounts(units=[org.root, org.a, org.a1, org.c])
    assert counts == {org.root.pk: 5, org.a.pk: 3, org.a1.pk: 2, org.c.pk: 1}


def test_unit_people_on_a_past_date(org):
    services.person_transfer(actor=org.admin, person=org.person_a, to_unit=org.c, effective_on=date(2024, 1, 1))
    before = codes(selectors.unit_people_on(actor=org.admin, unit=org.a, day=date(2023, 12, 31)))
    after = codes(selectors.unit_people_on(actor=org.admin, unit=org.a, day=date(2024, 1, 1)))
    assert before == ["P-A"] and after == []


def test_lineage_follows_merges(org):
    new = services.unit_create(actor=org.admin, code="CHC-KT", name="Cục Hậu cần – Kỹ thuật", parent=org.root)
    for old in (org.b1,):
        services.unit_dissolve(actor=org.admin, unit=old, dissolved_on=date(2025, 6, 30), successor=org.b)
    services.unit_dissolve(actor=org.admin, unit=org.b, dissolved_on=date(2025, 7, 1), successor=new)
    services.unit_dissolve(actor=org.admin, unit=org.c, dissolved_on=date(2025, 7, 1), successor=new)
    lineage = selectors.unit_lineage(actor=org.admin, unit=new)
    assert {u.code for u in lineage["predecessors"]} == {"CHC", "CKT"}
    org.b1.refresh_from_db()
    assert [u.code for u in selectors.unit_lineage(actor=org.admin, unit=org.b1)["successors"]] == ["CHC", "CHC-KT"]
    assert selectors.person_get(actor=org.admin, pk=org.person_c.pk).unit == new
