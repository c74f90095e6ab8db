"""API rate limits count in their own cache, never in the shared database cache."""

from django.conf import settings
from django.core.cache import caches
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from tdkt.api.throttling import AnonThrottle, UserThrottle


def test_the_configured_throttles_are_tdkts():
    from config.settings import base

    assert base.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == [
        "tdkt.api.throttling.AnonThrottle",
        "tdkt.api.throttling.UserThrottle",
    ]
    assert "throttle" in settings.CACHES


def test_a_user_over_the_rate_is_refused_and_the_count_stays_out_of_the_shared_cache(org):
    class TwoAMinute(UserThrottle):
        rate = "2/min"

    wrapped = Request(APIRequestFactory().get("/api/v1/people/"))
    wrapped.user = org.officer_a
    answers = [TwoAMinute().allow_request(wrapped, view=None) for _ in range(3)]
    assert answers == [True, True, False]
    key = TwoAMinute().get_cache_key(wrapped, view=None)
    assert caches["throttle"].get(key) and caches["default"].get(key) is None
    assert AnonThrottle.cache.get(key) == UserThrottle.cache.get(key)  # both count in the throttle cache
