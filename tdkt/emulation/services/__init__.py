"""Writes of emulation work: clusters and their yearly leaders, hand-overs, covenants, conferences,
registrations of target titles, exemplars, movements. Atomic and audited, like every service.

One module per part; the names are re-exported here so `from tdkt.emulation import services` keeps working.
"""

from tdkt.emulation.services._common import LEADERSHIP_FIELDS, REGISTRATION_FIELDS  # noqa: F401
from tdkt.emulation.services.clusters import (  # noqa: F401
    cluster_create,
    cluster_handover,
    cluster_leader_set,
    cluster_leaders,
    cluster_member_add,
    conference_record,
    covenant_sign,
)
from tdkt.emulation.services.exemplars import (  # noqa: F401
    exemplar_create,
    exemplar_link_award,
    exemplar_move,
    exemplars_move_next,
)
from tdkt.emulation.services.movements import (  # noqa: F401
    document_add,
    movement_cascade,
    movement_launch,
    target_add,
    target_result,
)
from tdkt.emulation.services.registrations import (  # noqa: F401
    RegistrationRow,
    can_review,
    registration_review,
    registration_submit,
    registrations_against_results,
    registrations_review_many,
    registrations_submit_many,
    review_refusal,
)
