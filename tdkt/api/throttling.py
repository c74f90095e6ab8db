"""API rate limits counted in their own cache (settings.CACHES["throttle"]).

A rate limit damps a runaway script; it is not a security boundary (log-in lockouts are, and they live in
the database). Counting it in the shared database cache cost every API request a write transaction, which
on SQLite queues every reader behind the write lock. So the counts live per app process by default
(`THROTTLE_CACHE_URL=locmemcache://`), and with N app servers a client may reach N times the rate; point
THROTTLE_CACHE_URL at Redis to count across servers exactly (docs/operations.md).
"""

from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

THROTTLE_CACHE = ConnectionProxy(caches, "throttle")  # each thread its own client, as for `django.core.cache.cache`


class AnonThrottle(AnonRateThrottle):
    cache = THROTTLE_CACHE


class UserThrottle(UserRateThrottle):
    cache = THROTTLE_CACHE
