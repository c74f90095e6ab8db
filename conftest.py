"""Shared fixtures: an org tree with users holding roles at different positions in it."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls around it are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _flush_around_audit_triggers():
    """Let pytest-django empty the database between transactional (live-server) tests.

    The append-only triggers rightly refuse the DELETE/TRUNCATE of Django's `flush`; in tests
    only, they are dropped for the flush and put back at once.
    """
    from django.core.management.commands import flush
    from django.db import connections

    from tdkt.audit.db import drop_append_only_triggers, install_append_only_triggers

    original = flush.Command.handle

    def handle(self, **options):
        connection = connections[options.get("database", "default")]
        drop_append_only_triggers(connection)
        try:
            return original(self, **options)
        finally:
            install_append_only_triggers(connection)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    from tdkt.core import display

    cache.clear()
    display.clear_caches()  # the catalogue and unit names kept in memory (a test's rollback does not reach them)


@pytest.fixture
def org(db):
    from tdkt.org.tests.factories import build_org_tree

    return build_org_tree()


def pytest_collection_modifyitems(items):
    # The system tests restart the PostgreSQL cluster and start whole servers: `scripts/test.sh` runs them
    # alone, after the parallel run of everything else (`-m "not serial"` there, `-m serial` here).
    for item in items:
        if "tests/system/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.serial)
