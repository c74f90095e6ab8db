from django.urls import path

from tdkt.nominations import bulk_views, matrix_views, views

app_name = "nominations"

urlpatterns = [
    path("ho-so/", views.DossierListView.as_view(), name="dossier_list"),
    path("ho-so/moi/", views.DossierCreateView.as_view(), name="dossier_create"),
    path("ho-so/them-tu-ket-qua-xet/", views.BulkAddFromScreeningView.as_view(), name="bulk_add_from_screening"),
    path("ho-so/<int:pk>/", views.DossierDetailView.as_view(), name="dossier_detail"),
    path("ho-so/<int:pk>/chuyen/<slug:action>/", views.DossierTransitionView.as_view(), name="transition"),
    path("ho-so/<int:pk>/de-nghi/", views.ItemAddView.as_view(), name="item_add"),
    path("ho-so/<int:pk>/de-nghi/tu-ket-qua-xet/", views.BulkAddView.as_view(), name="bulk_add"),
    path("ho-so/<int:pk>/xet-de-nghi/", bulk_views.ItemsReviewView.as_view(), name="items_review"),
    path("ho-so/<int:pk>/de-nghi/<slug:action>/", views.ItemActionView.as_view(), name="item_action"),
    path("ho-so/<int:pk>/tep/", views.AttachmentUploadView.as_view(), name="attachment_upload"),
    path("ho-so/tep/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("ho-so/<int:pk>/hop/", views.MeetingView.as_view(), name="meeting"),
    path("ho-so/<int:pk>/hop/<int:meeting>/", bulk_views.TallyView.as_view(), name="tally"),
    path("ho-so/<int:pk>/quyet-dinh/", views.DecisionIssueView.as_view(), name="decision_issue"),
    path("ho-so/<int:pk>/van-ban/<slug:kind>/", views.DocumentView.as_view(), name="document"),
    path("mau-van-ban/", views.TemplatesView.as_view(), name="templates"),
    path("hoi-dong/", views.CouncilsView.as_view(), name="councils"),
    path("tham-quyen/", matrix_views.AuthorityMatrixView.as_view(), name="authority_matrix"),
]
