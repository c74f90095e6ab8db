from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "tdkt.eligibility"
    label = "eligibility"
    verbose_name = "Xét điều kiện khen thưởng"
