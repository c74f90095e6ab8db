"""API tokens (DRF's `authtoken`): when one has expired.

The rule lives here, below every app, because two places apply it: the API's authentication
(`tdkt.api.authentication`) and `tdkt drf_create_token`, which must live in `tdkt.core` to take the
place of DRF's command (the first installed app's command wins).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone


def token_ttl() -> timedelta | None:
    """How long a token is valid after its creation; None when tokens never expire (`API_TOKEN_TTL_HOURS=0`)."""
    hours = int(getattr(settings, "API_TOKEN_TTL_HOURS", 0) or 0)
    return timedelta(hours=hours) if hours > 0 else None


def token_expired(created: datetime, *, now: datetime | None = None) -> bool:
    ttl = token_ttl()
    return ttl is not None and created + ttl <= (now or timezone.now())
