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


_SQLITE_EXPECTED = {
    "audit_event_no_update": _SQLITE_INSTALL[0].replace(" IF NOT EXISTS", ""),
    "audit_event_no_delete": _SQLITE_INSTALL[1].replace(" IF NOT EXISTS", ""),
}
_PG_EXPECTED = {"audit_event_no_update", "audit_event_no_truncate"}


def _squash(sql: str) -> str:
    return " ".join(sql.split()).lower()


def append_only_problems(connection) -> list[str]:
    """What keeps the audit table from being append-only, in Vietnamese; empty when the triggers are all there,
    enabled and unchanged. Used by `tdkt restore` and the deploy check (`tdkt check --deploy`)."""
    problems = []
    if TABLE not in connection.introspection.table_names():
        return ["chưa có bảng nhật ký (cơ sở dữ liệu chưa được `tdkt migrate`)"]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
            found = dict(cursor.fetchall())
            for name, sql in _SQLITE_EXPECTED.items():
                if name not in found:
                    problems.append(f"thiếu trigger {name}")
                elif _squash(found[name]) != _squash(sql):
                    problems.append(f"trigger {name} đã bị thay đổi")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, t.tgenabled, p.prosrc FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE t.tgrelid = to_regclass(%s) AND NOT t.tgisinternal",
                [TABLE],
            )
            found = {name: (enabled, source) for name, enabled, source in cursor.fetchall()}
            for name in sorted(_PG_EXPECTED):
                if name not in found:
                    problems.append(f"thiếu trigger {name}")
                    continue
                enabled, source = found[name]
                if enabled == "D":
                    problems.append(f"trigger {name} đã bị tắt")
                if "raise exception" not in _squash(source):
                    problems.append(f"hàm của trigger {name} đã bị thay đổi")
        else:
            raise NotImplementedError(f"append-only triggers are not written for {connection.vendor}")
    return problems
