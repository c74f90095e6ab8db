"""A cheap digest of the record: one query gives, for every table of tdkt's models, its row count and a hash of
every column of every row, so that a request can be shown to have written nothing.

`record_digest()` is a dict table -> (rows, hash). PostgreSQL hashes each table's rows as text in SQL
(md5 of the rows in primary-key order); SQLite has no hash function, so an order-independent aggregate is
registered on the connection (the sum of a 64-bit BLAKE2 of each row). Both see every column, so an UPDATE
that leaves the row count alone (a status, a number, an `updated_at`) changes the digest, and so does a new
audit event (the audit table is one of the tables).
"""

import hashlib

from django.apps import apps
from django.db import connection

_MASK = (1 << 64) - 1
_QUERY: dict[str, str] = {}  # vendor -> the one query


class _RowsDigest:
    """SQLite aggregate: order-independent sum of a 64-bit hash of each row's values."""

    def __init__(self):
        self.total = 0

    def step(self, *values):
        row = hashlib.blake2b(repr(values).encode(), digest_size=8).digest()
        self.total = (self.total + int.from_bytes(row, "big")) & _MASK

    def finalize(self):
        return f"{self.total:016x}"


def record_tables() -> list[tuple[str, list[str], str]]:
    """(table, columns, primary key column) of every concrete model of the tdkt apps."""
    tables = {}
    for model in apps.get_models():
        meta = model._meta
        if not model.__module__.startswith("tdkt.") or meta.proxy or not meta.managed:
            continue
        tables[meta.db_table] = ([f.column for f in meta.concrete_fields], meta.pk.column)
        for m2m in meta.local_many_to_many:  # auto-created join tables (e.g. attendees of a meeting)
            through = m2m.remote_field.through._meta
            if through.auto_created:
                tables[through.db_table] = ([f.column for f in through.concrete_fields], through.pk.column)
    return sorted((table, columns, pk) for table, (columns, pk) in tables.items())


def _query() -> str:
    vendor = connection.vendor
    if vendor not in _QUERY:
        quote = connection.ops.quote_name
        parts = []
        for table, columns, pk in record_tables():
            if vendor == "postgresql":
                digest = f"md5(coalesce(string_agg(t::text, '|' ORDER BY t.{quote(pk)}), ''))"
            else:
                digest = f"tdkt_rows_digest({', '.join(quote(c) for c in columns)})"
            # names come from the models' metadata, never from input
            parts.append(f"SELECT '{table}', count(*), {digest} FROM {quote(table)} t")  # noqa: S608
        _QUERY[vendor] = " UNION ALL ".join(parts)
    return _QUERY[vendor]


def record_digest() -> dict[str, tuple[int, str]]:
    """table -> (row count, hash of all its rows), in one query."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.create_aggregate("tdkt_rows_digest", -1, _RowsDigest)  # cheap; the connection may be new
    with connection.cursor() as cursor:
        cursor.execute(_query())
        return {table: (count, digest) for table, count, digest in cursor.fetchall()}


def changed_tables(before: dict, after: dict) -> list[str]:
    """The tables whose rows differ, with their row counts before → after."""
    return [
        f"{table} ({before.get(table, (0,))[0]}→{rows} rows)"
        for table, (rows, _) in sorted(after.items())
        if before.get(table) != after[table]
    ]
