from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "tdkt.exchange"
    label = "exchange"
    verbose_name = "Nhập, xuất dữ liệu"
