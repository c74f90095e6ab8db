"""Who may read and write the legal record: roles on the unit of the record's subject."""

from tdkt.core.policy import Policy
from tdkt.org.choices import Role
from tdkt.org.models import RoleAssignment
from tdkt.org.policies import EDITORS, EVERY_ROLE


class SubjectRecordPolicy(Policy):
    """Ratings and awards: the subject is a person (scoped by their current unit) or a unit."""

    unit_lookups = ("person__unit_id", "unit_id")
    actions = {"view": EVERY_ROLE, "record": EDITORS, "revoke": EDITORS}

    def unit_of(self, obj):
        return obj.person.unit if obj.person_id else obj.unit


class PersonRecordPolicy(Policy):
    """Initiatives and discipline, which always belong to a person."""

    unit_lookup = "person__unit_id"
    actions = {"view": EVERY_ROLE, "record": EDITORS}

    def unit_of(self, obj):
        return obj.person.unit


def catalogue_can_manage(actor) -> bool:
    """The catalogue is installation-wide: superusers and administrators of a top unit manage it."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    return (
        actor.is_superuser
        or RoleAssignment.objects.filter(user=actor, role=Role.QUAN_TRI, unit__parent__isnull=True).exists()
    )


subject_record_policy = SubjectRecordPolicy()
person_record_policy = PersonRecordPolicy()
