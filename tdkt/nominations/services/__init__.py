"""Writes of the nomination flow, by concern: numbers, dossiers, items, transitions, councils, votes,
decisions, templates, and the batches (reviews, the tally grid). Every service is atomic, authorized and
audited; callers use `services.<name>` from here."""

from tdkt.nominations.services._common import DOSSIER_FIELDS, ITEM_FIELDS, TALLY_FIELDS, BatchRefused  # noqa: F401
from tdkt.nominations.services.councils import *  # noqa: F403
from tdkt.nominations.services.decisions import *  # noqa: F403
from tdkt.nominations.services.dossiers import *  # noqa: F403
from tdkt.nominations.services.items import *  # noqa: F403
from tdkt.nominations.services.numbers import *  # noqa: F403
from tdkt.nominations.services.reviews import *  # noqa: F403
from tdkt.nominations.services.tallies import *  # noqa: F403
from tdkt.nominations.services.templates import *  # noqa: F403
from tdkt.nominations.services.transitions import *  # noqa: F403
from tdkt.nominations.services.votes import *  # noqa: F403
