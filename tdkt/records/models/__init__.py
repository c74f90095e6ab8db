from .awards import Award, Decision
from .catalogue import CatalogueEntry
from .yearly import Discipline, Initiative, YearlyRating

__all__ = ["Award", "CatalogueEntry", "Decision", "Discipline", "Initiative", "YearlyRating"]
