from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_catalogue(sender, using="default", **kwargs):
    """Keep the catalogue in step with its data file after every migrate (idempotent, audited)."""
    from tdkt.records.services import catalogue_sync

    catalogue_sync(actor=None)


class RecordsConfig(AppConfig):
    name = "tdkt.records"
    label = "records"
    verbose_name = "Hồ sơ thi đua, khen thưởng"

    def ready(self) -> None:
        post_migrate.connect(_load_catalogue, sender=self, dispatch_uid="tdkt.records.catalogue")
        from tdkt.records import display

        display.install()  # catalogue names, kinds and ratings for pages, documents and spreadsheets
