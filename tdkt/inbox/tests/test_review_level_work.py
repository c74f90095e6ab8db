"""The inbox lists a dossier's review for the level holding it, not for the commander above it (finding 10)."""

from tdkt.inbox.selectors import dossier_work
from tdkt.nominations.tests.test_review_level import held_at_cct  # noqa: F401 (a fixture)


def test_the_inbox_lists_the_review_for_the_holding_level_only(flow, held_at_cct):  # noqa: F811
    org = flow.org
    dossier, _ = held_at_cct
    assert dossier.title in [e.title for e in dossier_work(actor=org.officer_a).entries]
    assert dossier_work(actor=org.commander).total == 0  # he sees it, but it is not his work yet
