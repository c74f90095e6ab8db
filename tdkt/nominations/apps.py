from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "tdkt.nominations"
    label = "nominations"
    verbose_name = "Đề nghị khen thưởng và quyết định"

    def ready(self):
        # The screening page offers the actor's open dossiers; eligibility sits below nominations.
        from tdkt.eligibility.providers import install_open_dossiers
        from tdkt.nominations.selectors import open_dossiers

        install_open_dossiers(open_dossiers)

        # The record refuses hand-entered numbers of tdkt's series and asks who may annul an award.
        from tdkt.nominations.competence import AuthorityDirectory
        from tdkt.records.providers import install_authority_directory

        install_authority_directory(AuthorityDirectory())

        # Names of the nomination flow's kinds and statuses for pages, documents and spreadsheets.
        from tdkt.core import display
        from tdkt.nominations import choices

        display.register("loai_ho_so", choices.DossierKind)
        display.register("trang_thai_ho_so", choices.DossierStatus)
        display.register("trang_thai_de_nghi", choices.ItemStatus)
        display.register("cap", choices.AuthorityLevel)
        display.register("hoi_dong", choices.CouncilRole)
