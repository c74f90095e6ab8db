"""The statistics workbook writes names as text and survives a stored control character (issue #14, 10 and 14)."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from tdkt.org.models import Unit
from tdkt.org.tests.factories import client_for
from tdkt.records import services
from tdkt.records.models import CatalogueEntry


def test_the_statistics_workbook_survives_a_control_character_in_a_unit_name(org):
    services.award_record(actor=org.admin, person=org.person_a, entry=CatalogueEntry.objects.get(code="GK"), year=2025)
    Unit.objects.filter(pk=org.a.pk).update(name='=HYPERLINK("http://x","y")\u0007')
    query = {"don_vi": "CCT", "tu_nam": 2024, "den_nam": 2025, "xuat": "xlsx"}
    response = client_for(org.officer_a).get(reverse("reports:statistics"), query)
    assert response.status_code == 200
    title = load_workbook(BytesIO(response.content)).active["A1"]
    assert (title.value, title.data_type) == ('Thống kê khen thưởng — =HYPERLINK("http://x","y")', "s")
