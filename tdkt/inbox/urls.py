from django.urls import path

from tdkt.inbox import views

app_name = "inbox"

urlpatterns = [
    path("viec-can-lam/dem/", views.BadgesView.as_view(), name="badges"),
    path("thong-bao/", views.NotificationListView.as_view(), name="notifications"),
    path("thong-bao/da-doc/", views.NotificationsReadAllView.as_view(), name="read_all"),
    path("thong-bao/<int:pk>/", views.NotificationOpenView.as_view(), name="notification_open"),
    path("thong-bao/cai-dat/", views.PreferenceView.as_view(), name="preferences"),
]
