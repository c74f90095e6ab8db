from django.contrib.auth import views as auth_views
from django.urls import path

from tdkt.core.working_year import WorkingYearView

urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("nam-dang-xet/", WorkingYearView.as_view(), name="working_year"),
]
