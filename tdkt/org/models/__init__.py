from .people import Person, Transfer
from .units import Unit
from .users import RoleAssignment, User

__all__ = ["Person", "RoleAssignment", "Transfer", "Unit", "User"]
