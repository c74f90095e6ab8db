from django.urls import path, register_converter

from tdkt.records import views


class SubjectKind:
    regex = "ca-nhan|don-vi"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SubjectKind, "kind")

app_name = "records"
urlpatterns = [
    path("ho-so/<kind:kind>/<int:pk>/", views.HistoryPanelView.as_view(), name="history"),
    path("ho-so/<kind:kind>/<int:pk>/in/", views.HistoryPrintView.as_view(), name="history_print"),
    path("ho-so/<kind:kind>/<int:pk>/danh-gia/", views.RatingFormView.as_view(), name="rating_form"),
    path("ho-so/<kind:kind>/<int:pk>/khen-thuong/", views.AwardFormView.as_view(), name="award_form"),
    path("ho-so/<kind:kind>/<int:pk>/sang-kien/", views.InitiativeFormView.as_view(), name="initiative_form"),
    path("ho-so/<kind:kind>/<int:pk>/ky-luat/", views.DisciplineFormView.as_view(), name="discipline_form"),
    path("khen-thuong/<int:pk>/huy-bo/", views.AwardRevokeView.as_view(), name="award_revoke"),
    path("danh-muc/", views.CatalogueView.as_view(), name="catalogue"),
    path("danh-muc/them/", views.CatalogueEntryCreateView.as_view(), name="catalogue_create"),
]
