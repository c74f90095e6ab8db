from django.urls import path

from tdkt.org import picker_views, views

app_name = "org"
urlpatterns = [
    path("don-vi/", views.UnitTreeView.as_view(), name="unit_tree"),
    path("don-vi/them/", views.UnitFormView.as_view(), name="unit_create"),
    path("don-vi/tim/", picker_views.UnitSearchView.as_view(), name="unit_search"),
    path("quan-nhan/tim/", picker_views.PersonSearchView.as_view(), name="person_search"),
    path("doi-tuong/tim/", picker_views.SubjectSearchView.as_view(), name="subject_search"),
    path("don-vi/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("don-vi/<int:pk>/con/", views.UnitChildrenView.as_view(), name="unit_children"),
    path("don-vi/<int:pk>/sua/", views.UnitFormView.as_view(), name="unit_update"),
    path("don-vi/<int:pk>/giai-the/", views.UnitDissolveView.as_view(), name="unit_dissolve"),
    path("don-vi/<int:pk>/xoa/", views.UnitDeleteView.as_view(), name="unit_delete"),
    path("quan-nhan/", views.PersonListView.as_view(), name="person_list"),
    path("quan-nhan/them/", views.PersonFormView.as_view(), name="person_create"),
    path("quan-nhan/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("quan-nhan/<int:pk>/sua/", views.PersonFormView.as_view(), name="person_update"),
    path("quan-nhan/<int:pk>/dieu-chuyen/", views.PersonTransferView.as_view(), name="person_transfer"),
]
