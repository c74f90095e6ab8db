from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "tdkt.org"
    label = "org"
    verbose_name = "Tổ chức, quân nhân"

    def ready(self):
        # Policies in core reach the unit tree through this (core sits below org: it cannot import it).
        from tdkt.core.policy import install_remit
        from tdkt.org import scoping

        install_remit(scoping)

        from tdkt.org import display

        display.install()  # unit names (with their parents where ambiguous) for pages, documents and spreadsheets
