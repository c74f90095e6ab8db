"""Diacritic-insensitive substring search over people's names, served by an index on both databases.

Each word of a search must be a substring of `Person.name_folded` (`LIKE '%word%'`): without an index that
is a scan of every person, which dominated the year-end load test (120 ms a search at 50,000 people on
SQLite). PostgreSQL answers such a LIKE from a trigram GIN index (pg_trgm) by itself. SQLite gets an FTS5
table with the trigram tokenizer, kept in step with `org_person` by triggers, and one word is looked up there
first: the word whose rarest trigram is in the fewest names (the fts5vocab table counts them), since "nhan"
may be in every name and "667" in a few dozen. When even that word is in thousands of names the index is no
help (reading its list costs more than the scan) and the plain tests run alone. Words shorter than three
characters have no trigram: they stay plain tests over the rows the other words left. Both indexes are
created by migration org 0004 (`install_name_index`).
"""

from django.db import connections
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from tdkt.core.text import fold, search_words
from tdkt.org.models import Person

PERSON = Person._meta.db_table
FTS = "org_person_fts"
VOCAB = "org_person_fts_vocab"
TRIGRAM_INDEX = "org_person_name_trgm"
LIKE_SPECIALS = frozenset("%_\\")
SELECTIVE = 2_000  # names: above this, the FTS list of a word costs more than scanning for it

_SQLITE_INSTALL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
    f"name_folded, content='{PERSON}', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_insert AFTER INSERT ON {PERSON} BEGIN "
    f"INSERT INTO {FTS}(rowid, name_folded) VALUES (new.id, new.name_folded); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_delete AFTER DELETE ON {PERSON} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, name_folded) VALUES ('delete', old.id, old.name_folded); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_update AFTER UPDATE OF name_folded ON {PERSON} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, name_folded) VALUES ('delete', old.id, old.name_folded); "
    f"INSERT INTO {FTS}(rowid, name_folded) VALUES (new.id, new.name_folded); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",  # index the people already there
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB} USING fts5vocab({FTS}, row)",
]
_SQLITE_DROP = [
    f"DROP TABLE IF EXISTS {VOCAB}",
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TABLE IF EXISTS {FTS}",
]
_PG_INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",  # a trusted extension: the database owner may create it
    f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON {PERSON} USING gin (name_folded gin_trgm_ops)",
]
_PG_DROP = [f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}"]


def _execute(connection, statements_by_vendor: dict[str, list[str]]) -> None:
    with connection.cursor() as cursor:
        for sql in statements_by_vendor.get(connection.vendor, []):
            cursor.execute(sql)


def install_name_index(connection) -> None:
    _execute(connection, {"sqlite": _SQLITE_INSTALL, "postgresql": _PG_INSTALL})


def drop_name_index(connection) -> None:
    _execute(connection, {"sqlite": _SQLITE_DROP, "postgresql": _PG_DROP})


def filter_people_by_name(queryset: QuerySet, query: str) -> QuerySet:
    """People whose folded name (with their code) contains every word of `query`, whatever the accents."""
    words = search_words(query)
    for word in words:
        queryset = queryset.filter(name_folded__contains=word)
    connection = connections[queryset.db]
    if connection.vendor == "sqlite":
        # FTS5 uses its index for LIKE only with a pattern of three or more characters and no ESCAPE clause
        indexed = [word for word in words if len(word) >= 3 and not LIKE_SPECIALS & set(word)]
        word, names = _rarest(connection, indexed) if indexed else ("", 0)
        if word and names <= SELECTIVE:
            match = RawSQL(f"SELECT rowid FROM {FTS} WHERE name_folded LIKE %s", [f"%{word}%"])
            queryset = queryset.filter(id__in=match)
    return queryset


def rank_by_name_match(queryset: QuerySet, query: str) -> QuerySet:
    """The same people, closest names first: the typed words as the start of the name with the same accents,
    then anywhere in order with the same accents, then the same without accents (start, then anywhere), then
    the rest (the words in another order) — each group in the queryset's own order. A search for "Nguyễn Văn"
    thus lists "Nguyễn Văn An" before "Nguyễn Thị Vân". The rank is a CASE over the rows the indexed filter
    already kept, so the search stays one query whose LIMIT applies after the ORDER BY."""
    phrase = " ".join((query or "").split())
    folded = fold(phrase)
    if not phrase:
        return queryset
    rank = Case(
        When(full_name__istartswith=phrase, then=Value(0)),
        When(full_name__icontains=phrase, then=Value(1)),
        When(name_folded__startswith=folded, then=Value(2)),
        When(name_folded__contains=folded, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    return queryset.annotate(name_match=rank).order_by("name_match", *queryset.query.order_by)


def _trigrams(word: str) -> set[str]:
    return {word[i : i + 3] for i in range(len(word) - 2)}


def _rarest(connection, words: list[str]) -> tuple[str, int]:
    """The word whose rarest trigram is in the fewest names, and that number (an unknown trigram: none)."""
    trigrams = sorted(set().union(*map(_trigrams, words)))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term, doc FROM {VOCAB} WHERE term IN ({', '.join(['%s'] * len(trigrams))})", trigrams)
        docs = dict(cursor.fetchall())
    names = {word: min(docs.get(trigram, 0) for trigram in _trigrams(word)) for word in words}
    word = min(words, key=names.__getitem__)
    return word, names[word]
