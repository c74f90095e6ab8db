"""Field lists shared by the services' audit snapshots; the refusal of a batch."""

from django.core.exceptions import ValidationError

DOSSIER_FIELDS = ["title", "unit_id", "year", "kind", "status", "authority_id", "submission_number"]
ITEM_FIELDS = [
    "dossier_id",
    "person_id",
    "unit_id",
    "entry_id",
    "year",
    "kind",
    "status",
    "status_reason",
    "eligibility_status",
    "justification",
    "award_id",
]
TALLY_FIELDS = [
    "meeting_id",
    "item_id",
    "agree",
    "disagree",
    "abstain",
    "invalid",
    "members",
    "present",
    "base",
    "passed",
]


class BatchRefused(ValidationError):  # noqa: N818 (named for what the caller sees: a refused batch)
    """A batch write refused as a whole (nothing written): `refusals` maps each refused row's key (an item's pk)
    to its Vietnamese reason, so a page can show each one on its row; the message names every one of them."""

    def __init__(self, summary: str, refusals: dict):
        super().__init__(summary, code="batch_refused")
        self.summary = summary
        self.refusals = refusals
