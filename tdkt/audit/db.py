"""Database triggers that make the audit table append-only (SQLite and PostgreSQL)."""

from tdkt.audit.models import AuditEvent

TABLE = AuditEvent._meta.db_table
MESSAGE = "Nhật ký thay đổi chỉ được ghi thêm, không được sửa hoặc xóa."

_SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
]
_PG_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END;
    $$ LANGUAGE plpgsql""",
    f"CREATE OR REPLACE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    f"CREATE OR REPLACE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {TABLE} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
]
_PG_DROP = [
    f"DROP TRIGGER IF EXISTS audit_event_no_update ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {TABLE}",
]


def _statements(connection, install: bool) -> list[str]:
    if connection.vendor == "sqlite":
        return _SQLITE_INSTALL if install else _SQLITE_DROP
    if connection.vendor == "postgresql":
        return _PG_INSTALL if install else _PG_DROP
    raise NotImplementedError(f"append-only triggers are not written for {connection.vendor}")


def install_append_only_triggers(connection) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection, install=True):
            cursor.execute(sql)


def drop_append_only_triggers(connection) -> None:
    """Only for tests that must flush the database, and for a documented restore procedure."""
    with connection.cursor() as cursor:
        for sql in _statements(connection, install=False):
            cursor.execute(sql)
