from django.contrib import admin
from django.urls import include, path

from tdkt.inbox.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("tdkt.core.urls")),
    path("", include("tdkt.org.urls")),
    path("", include("tdkt.records.urls")),
    path("", include("tdkt.exchange.urls")),
    path("", include("tdkt.eligibility.urls")),
    path("", include("tdkt.nominations.urls")),
    path("", include("tdkt.emulation.urls")),
    path("", include("tdkt.reports.urls")),
    path("", include("tdkt.inbox.urls")),
    path("api/v1/", include("tdkt.api.urls")),
    path("quan-tri/", admin.site.urls),
]

handler400 = "tdkt.core.views.bad_request"
handler404 = "tdkt.core.views.page_not_found"
handler403 = "tdkt.core.views.permission_denied"
