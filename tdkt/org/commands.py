"""Helpers shared by the `tdkt` commands."""

from django.core.management.base import CommandError

from tdkt.org.models import Unit


def unit_from_option(code: str | None) -> Unit | None:
    """The unit named by a `--unit CODE` option (codes are case-insensitive), or None when absent."""
    if not code:
        return None
    unit = Unit.objects.filter(code=code.strip().upper()).first()
    if unit is None:
        raise CommandError(f"Không tìm thấy đơn vị có mã {code}.")
    return unit
