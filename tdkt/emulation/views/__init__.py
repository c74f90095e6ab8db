"""Pages of emulation work: clusters (members, leaders, hand-over), scoring, registrations, exemplars,
movements. One module per page family; the views are re-exported here for `urls.py` and the API."""

from tdkt.emulation.views.clusters import ClusterDetailView, ClusterListView  # noqa: F401
from tdkt.emulation.views.exemplars import ExemplarView  # noqa: F401
from tdkt.emulation.views.exemplars_bulk import ExemplarMoveManyView  # noqa: F401
from tdkt.emulation.views.movements import (  # noqa: F401
    ConferenceDocumentView,
    MovementDetailView,
    MovementListView,
    _movements,
)
from tdkt.emulation.views.registrations import RegistrationView  # noqa: F401
from tdkt.emulation.views.registrations_bulk import RegistrationFromScreeningView, RegistrationPasteView  # noqa: F401
from tdkt.emulation.views.scoring import ScoringLockView, ScoringView  # noqa: F401
