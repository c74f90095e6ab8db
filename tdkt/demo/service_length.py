"""The length-of-service journey of the demo: a niên hạn dossier being prepared, and people reaching 10 years.

Many demo people reach a medal's threshold in the current year already (their enlistment dates are spread
over decades); one of them is given months out of service, so the niên hạn page shows a break summed.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from tdkt.nominations import services
from tdkt.nominations.models import Dossier
from tdkt.org import services as org_services
from tdkt.org.models import Person, Unit, User
from tdkt.org.scoping import descendant_ids

AGENCY, OFFICER = "QK5-BTM", "canbo.btm"
BREAK_MONTHS = 6


@transaction.atomic
def load_demo_service_length() -> dict:
    year = timezone.localdate().year
    agency = Unit.objects.get(code=AGENCY)
    officer = User.objects.get(username=OFFICER)
    title = f"Đề nghị khen thưởng theo niên hạn năm {year}"
    created = 0
    if not Dossier.objects.filter(unit=agency, year=year, kind="NIEN_HAN", title=title).exists():
        services.dossier_create(actor=officer, unit=agency, year=year, kind="NIEN_HAN", title=title)
        created = 1
    people = Person.objects.filter(unit_id__in=descendant_ids([agency.pk]))
    # someone enlisted in the second half of ten years ago, with six months out: ten years are reached this year
    start = date(year - 10, 7, 1)
    person = (
        people.filter(service_start__gte=start, service_start__lt=date(year - 9, 1, 1), service_break_months=0)
        .order_by("code")
        .first()
    )
    if person and not people.filter(service_break_months__gt=0).exists():
        org_services.person_update(
            actor=User.objects.get(username="quantri"),
            person=person,
            service_break_months=BREAK_MONTHS,
            reason="Dữ liệu mẫu: xuất ngũ rồi tái ngũ",
        )
    reaching = people.filter(service_start__year=year - 10).count()
    return {"dossiers": created, "reaching": reaching}
