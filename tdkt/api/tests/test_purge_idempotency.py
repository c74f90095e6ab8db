from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tdkt.api.models import IdempotentRequest


def _key(user, key: str, age_days: int) -> IdempotentRequest:
    row = IdempotentRequest.objects.create(
        actor=user, key=key, operation="POST /api/v1/awards/", request_digest="0" * 64, status=201, body={}
    )
    IdempotentRequest.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(days=age_days))
    return row


def test_keys_older_than_the_window_are_forgotten_and_recent_ones_kept(org):
    _key(org.officer_a, "old", 8)
    _key(org.officer_a, "recent", 1)
    out = StringIO()
    call_command("purge_idempotency", "--days", "7", stdout=out)
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["recent"]
    assert "Đã xóa 1 khóa" in out.getvalue()


def test_a_window_under_a_day_is_refused(org):
    _key(org.officer_a, "recent", 0)
    with pytest.raises(CommandError, match="--days"):
        call_command("purge_idempotency", "--days", "0")
    assert IdempotentRequest.objects.count() == 1
