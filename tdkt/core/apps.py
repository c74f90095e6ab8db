from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tdkt.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self):
        from tdkt.core import security  # noqa: F401 - connects the log-in receivers
