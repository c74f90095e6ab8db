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

        # Names of emulation's kinds, stages and statuses for pages, documents and spreadsheets.
        from tdkt.core import display
        from tdkt.emulation import choices

        display.register("trang_thai_dang_ky", choices.RegistrationStatus)
        display.register("hoi_nghi", choices.ConferenceKind)
        display.register("giai_doan", choices.ExemplarStage)
        display.register("trang_thai_cham", choices.RoundStatus)
        display.register("loai_tieu_chi", choices.CriterionKind)
        display.register("phong_trao", choices.MovementKind)
