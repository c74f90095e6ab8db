"""The indexed name search (tdkt/org/search.py): same answers as a scan, index kept in step, index used."""

import pytest
from django.db import connection

from tdkt.org import selectors, services
from tdkt.org.models import Person
from tdkt.org.search import FTS, SELECTIVE, TRIGRAM_INDEX, filter_people_by_name
from tdkt.org.selectors import PersonFilter
from tdkt.org.tests.factories import person_create


def found(query: str, actor) -> list[str]:
    return sorted(p.code for p in selectors.person_list(actor=actor, filters=PersonFilter(q=query)))


def scanned(query: str) -> list[str]:
    """What a plain substring scan answers: the reference the index must agree with."""
    from tdkt.core.text import search_words

    qs = Person.objects.all()
    for word in search_words(query):
        qs = qs.filter(name_folded__contains=word)
    return sorted(qs.values_list("code", flat=True))


@pytest.mark.parametrize(
    "query",
    ["đức", "DANG VAN", "van duc", "p-a1", "hồng", "an", "u", "tuấn lê", "xyzzy", "100%", "a_b", "quang minh p-c"],
)
def test_the_index_answers_what_a_scan_answers(org, query):
    assert found(query, org.admin) == scanned(query)


def test_the_index_follows_new_renamed_and_deleted_people(org):
    person = person_create(org.a, code="P-NEW", full_name="Trịnh Xuân Thanh")
    assert found("xuan thanh", org.admin) == ["P-NEW"]
    services.person_update(actor=services.system_actor(), person=person, full_name="Trịnh Văn Bình", reason="Sửa tên")
    assert found("xuan thanh", org.admin) == [] and found("trinh van binh", org.admin) == ["P-NEW"]
    # people are never deleted by tdkt (a legal record); the index must still follow a deletion
    loose = Person.objects.create(code="P-LOOSE", full_name="Tạ Đình Phong", unit=org.a)
    assert found("dinh phong", org.admin) == ["P-LOOSE"]
    loose.delete()
    assert found("dinh phong", org.admin) == []


def _uses_index(queryset) -> bool:
    """Does the database answer this search from its name index? SQLite: the FTS table is in the query;
    PostgreSQL: with sequential and plain index scans ruled out (a whole-index walk needs no condition), only
    an index that can serve the LIKE is left, and the plan reads the trigram index."""
    if connection.vendor == "sqlite":
        return f"FROM {FTS} WHERE" in str(queryset.query)
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET {setting} = off")
        try:
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
                cursor.execute(f"RESET {setting}")
    return TRIGRAM_INDEX in plan


def test_the_name_index_exists(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [FTS])
            assert "tokenize='trigram'" in cursor.fetchone()[0]
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [TRIGRAM_INDEX])
            (definition,) = cursor.fetchone()
            assert "gin_trgm_ops" in definition and "name_folded" in definition


def test_a_selective_word_is_answered_from_the_index(org):
    queryset = filter_people_by_name(Person.objects.all(), "hong")
    assert sorted(queryset.values_list("code", flat=True)) == ["P-A1"]
    assert _uses_index(queryset)


def test_a_word_in_too_many_names_is_scanned_on_sqlite(org):
    """On SQLite the FTS list of a word in thousands of names costs more than the scan; PostgreSQL's planner
    makes that choice itself. Either way the answers are the scan's."""
    Person.objects.bulk_create(
        Person(code=f"BULK{i}", full_name=f"Nguyễn Văn {i}", name_folded=f"nguyen van {i}", unit=org.a)
        for i in range(SELECTIVE + 1)
    )
    common = filter_people_by_name(Person.objects.all(), "nguyen")
    rare = filter_people_by_name(Person.objects.all(), "nguyen 1999")
    assert common.count() == len(scanned("nguyen")) > SELECTIVE
    assert list(rare.values_list("code", flat=True)) == ["BULK1999"]
    if connection.vendor == "sqlite":
        assert f"FROM {FTS} WHERE" not in str(common.query) and f"FROM {FTS} WHERE" in str(rare.query)
