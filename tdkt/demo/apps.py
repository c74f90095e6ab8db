from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The Quân khu 5 demo data (`tdkt demo`): the top layer, it may use every app's services."""

    name = "tdkt.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
