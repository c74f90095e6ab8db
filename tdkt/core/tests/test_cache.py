"""The default cache is a table of the database, so every app server shares it."""

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import override_settings

from config.env import env


def test_the_default_cache_is_shared_through_the_database():
    configured = env.cache_url("CACHE_URL", default="dbcache://tdkt_cache")
    assert configured["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")  # tests use a per-process one


def test_the_migration_creates_the_cache_table(db):
    shared = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "tdkt_cache"}}
    with override_settings(CACHES=shared):
        caches["default"].set("tdkt:probe", {"n": 174})
        assert caches["default"].get("tdkt:probe") == {"n": 174}
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM tdkt_cache WHERE cache_key LIKE %s", ["%tdkt:probe"])
            assert cursor.fetchone()[0] == 1
