from django.urls import path, register_converter

from tdkt.core.years import YearConverter
from tdkt.emulation import views

register_converter(YearConverter, "year")

app_name = "emulation"

urlpatterns = [
    path("cum-thi-dua/", views.ClusterListView.as_view(), name="clusters"),
    path("cum-thi-dua/<int:pk>/", views.ClusterDetailView.as_view(), name="cluster_detail"),
    path("cum-thi-dua/<int:pk>/cham-diem/<year:year>/", views.ScoringView.as_view(), name="scoring"),
    path("cum-thi-dua/<int:pk>/cham-diem/<year:year>/khoa/", views.ScoringLockView.as_view(), name="scoring_lock"),
    path("dang-ky-thi-dua/", views.RegistrationView.as_view(), name="registrations"),
    path("dang-ky-thi-dua/dan-danh-sach/", views.RegistrationPasteView.as_view(), name="registration_paste"),
    path(
        "dang-ky-thi-dua/tu-ket-qua-xet/",
        views.RegistrationFromScreeningView.as_view(),
        name="registrations_from_screening",
    ),
    path("dien-hinh/", views.ExemplarView.as_view(), name="exemplars"),
    path("dien-hinh/chuyen-giai-doan/", views.ExemplarMoveManyView.as_view(), name="exemplars_move_many"),
    path("phong-trao/", views.MovementListView.as_view(), name="movements"),
    path("phong-trao/<int:pk>/", views.MovementDetailView.as_view(), name="movement_detail"),
    path("hoi-nghi/van-ban/<int:pk>/", views.ConferenceDocumentView.as_view(), name="conference_document"),
]
