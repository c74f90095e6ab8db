from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "tdkt.emulation"
    label = "emulation"
    verbose_name = "Phong trào thi đua, cụm thi đua"

    def ready(self):
        # Approved registrations are a fact of the eligibility rule sets; eligibility sits below emulation.
        from tdkt.eligibility.providers import RegistrationSource, install_registrations
        from tdkt.emulation.choices import RegistrationStatus
        from tdkt.emulation.models import Registration

        install_registrations(RegistrationSource(model=Registration, approved=RegistrationStatus.DA_DUYET))
