"""What every emulation service shares: the policy check with the service's own words, the save."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

LEADERSHIP_FIELDS = ["cluster_id", "year", "leader_id", "deputy_id", "handed_over_on", "handed_over_by_id"]
REGISTRATION_FIELDS = ["person_id", "unit_id", "entry_id", "year", "status", "reason"]


def _check(policy, actor, action: str, obj, message: str) -> None:
    """`policy.check` (404 outside the remit), with the service's own Vietnamese words for a wrong role (403)."""
    try:
        policy.check(actor, action, obj)
    except PermissionDenied as exc:
        raise PermissionDenied(message) from exc


def _save(obj) -> None:
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError("Bản ghi này đã tồn tại.") from exc
