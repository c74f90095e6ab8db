"""Who may do what on units, people and role assignments."""

from tdkt.core.policy import Policy
from tdkt.org.choices import Role

EVERY_ROLE = frozenset(Role.values)
EDITORS = frozenset({Role.QUAN_TRI, Role.CAN_BO_TDKT})
ADMINS = frozenset({Role.QUAN_TRI})


class UnitPolicy(Policy):
    unit_lookup = "pk"
    actions = {
        "view": EVERY_ROLE,
        "change": EDITORS,
        "create_child": EDITORS,
        "dissolve": EDITORS,
        "delete": ADMINS,
    }


class PersonPolicy(Policy):
    unit_lookup = "unit_id"
    actions = {
        "view": EVERY_ROLE,
        "create": EDITORS,
        "change": EDITORS,
        "transfer": EDITORS,
    }


class RoleAssignmentPolicy(Policy):
    unit_lookup = "unit_id"
    actions = {"view": ADMINS, "grant": ADMINS, "revoke": ADMINS}


unit_policy = UnitPolicy()
person_policy = PersonPolicy()
role_assignment_policy = RoleAssignmentPolicy()
