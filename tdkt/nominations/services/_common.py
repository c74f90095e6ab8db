"""Field lists shared by the services' audit snapshots."""

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
