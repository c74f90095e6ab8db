from django.urls import path

from tdkt.reports import views

app_name = "reports"

urlpatterns = [
    path("bao-cao/tong-ket/", views.SummaryView.as_view(), name="summary"),
    path("bao-cao/danh-sach/", views.RecordsBehindView.as_view(), name="records"),
    path("bao-cao/bang-dieu-khien/", views.DashboardView.as_view(), name="dashboard"),
]
