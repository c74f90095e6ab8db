from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from tdkt.api import councils, emulation, nominations, records, views
from tdkt.api.eligibility import EligibilityView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("units", views.UnitViewSet, basename="unit")
router.register("people", views.PersonViewSet, basename="person")
router.register("catalogue", records.CatalogueViewSet, basename="catalogue")
router.register("ratings", records.RatingViewSet, basename="rating")
router.register("awards", records.AwardViewSet, basename="award")
router.register("initiatives", records.InitiativeViewSet, basename="initiative")
router.register("disciplines", records.DisciplineViewSet, basename="discipline")
router.register("dossiers", nominations.DossierViewSet, basename="dossier")
router.register("decisions", nominations.DecisionViewSet, basename="decision")
router.register("councils", councils.CouncilViewSet, basename="council")
router.register("clusters", emulation.ClusterViewSet, basename="cluster")
router.register("scoring-rounds", emulation.RoundViewSet, basename="scoring-round")
router.register("registrations", emulation.RegistrationViewSet, basename="registration")
router.register("exemplars", emulation.ExemplarViewSet, basename="exemplar")
router.register("movements", emulation.MovementViewSet, basename="movement")
router.register("conferences", councils.ConferenceViewSet, basename="conference")

app_name = "api"
urlpatterns = [
    # the schema describes every operation: for accounts only, like the operations themselves
    path("schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]), name="schema"),
    path("eligibility/", EligibilityView.as_view(), name="eligibility"),
    *router.urls,
]
