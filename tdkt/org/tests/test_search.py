"""The indexed name search (tdkt/org/search.py): same answers as a scan, index kept in step, index used."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tdkt.org import selectors, services
from tdkt.org.models import Person
from tdkt.org.search import FTS, SELECTIVE, TRIGRAM_INDEX, filter_people_by_name
from tdkt.org.selectors import PersonFilter
from tdkt.org.tests.factories import person_create

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table exists on SQLite only")


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


@sqlite_only
def test_a_selective_word_is_looked_up_in_the_fts_table(org):
    with CaptureQueriesContext(connection) as queries:
        assert found("hong", org.admin) == ["P-A1"]
    assert any(f"FROM {FTS} WHERE" in q["sql"] for q in queries.captured_queries)


@sqlite_only
def test_a_word_in_too_many_names_is_scanned_not_looked_up(org):
    Person.objects.bulk_create(
        Person(code=f"BULK{i}", full_name=f"Nguyễn Văn {i}", name_folded=f"nguyen van {i}", unit=org.a)
        for i in range(SELECTIVE + 1)
    )
    with CaptureQueriesContext(connection) as queries:
        assert filter_people_by_name(Person.objects.all(), "nguyen").count() == len(scanned("nguyen")) > SELECTIVE
    assert not any(f"FROM {FTS} WHERE" in q["sql"] for q in queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        assert filter_people_by_name(Person.objects.all(), "nguyen 1999").count() == 1
    assert any(f"FROM {FTS} WHERE" in q["sql"] for q in queries.captured_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index exists on PostgreSQL only")
@pytest.mark.django_db
def test_postgresql_has_the_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [TRIGRAM_INDEX])
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition and "name_folded" in definition
