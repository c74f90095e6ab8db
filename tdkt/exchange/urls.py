from django.urls import path

from tdkt.exchange import views

app_name = "exchange"
urlpatterns = [
    path("nhap-du-lieu/", views.ImportView.as_view(), name="import"),
    path("nhap-du-lieu/<uuid:pk>/", views.ImportJobView.as_view(), name="job"),
    path("nhap-du-lieu/<uuid:pk>/xac-nhan/", views.ImportConfirmView.as_view(), name="confirm"),
    path("nhap-du-lieu/<uuid:pk>/bao-cao.xlsx", views.ImportReportView.as_view(), name="report"),
    path("xuat-du-lieu/", views.ExportView.as_view(), name="export"),
]
