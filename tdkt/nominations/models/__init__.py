from tdkt.nominations.models.authority import Authority, NumberCounter
from tdkt.nominations.models.council import Council, CouncilMember, Meeting, Tally
from tdkt.nominations.models.decision import DecisionIssue, DocumentTemplate
from tdkt.nominations.models.dossier import Attachment, Dossier, DossierEvent, DossierItem

__all__ = [
    "Attachment",
    "Authority",
    "Council",
    "CouncilMember",
    "DecisionIssue",
    "DocumentTemplate",
    "Dossier",
    "DossierEvent",
    "DossierItem",
    "Meeting",
    "NumberCounter",
    "Tally",
]
