from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tdkt.audit"
    label = "audit"
    verbose_name = "Nhật ký thay đổi"

    def ready(self):
        from tdkt.audit import checks  # noqa: F401 - registers the deploy checks
