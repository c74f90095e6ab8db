from django.urls import path

from tdkt.eligibility import service_views, views

app_name = "eligibility"
urlpatterns = [
    path("xet-dieu-kien/", views.ScreeningView.as_view(), name="screening"),
    path("xet-dieu-kien/ca-nhan/<int:pk>/", views.PersonOutlookView.as_view(), name="outlook"),
    path("xet-nien-han/", service_views.ServiceLengthView.as_view(), name="service_length"),
    path("quy-tac/", views.RuleSetsView.as_view(), name="rule_sets"),
]
