from django.urls import path

from tdkt.reports import views

app_name = "reports"

urlpatterns = [
    path("bao-cao/tong-ket/", views.SummaryView.as_view(), name="summary"),
    path("bao-cao/danh-sach/", views.RecordsBehindView.as_view(), name="records"),
    path("bao-cao/bang-dieu-khien/", views.DashboardView.as_view(), name="dashboard"),
    path("bao-cao/thong-ke/", views.StatisticsView.as_view(), name="statistics"),
    path("bao-cao/qua-trinh/<kind:kind>/<int:pk>/", views.HistoryDocumentView.as_view(), name="history"),
]
