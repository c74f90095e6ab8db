"""Corrections leave a trace (issue #16, item 6): a changed record asks for a reason, from every path, and the
subject's history shows old -> new with the reason, who and when."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from tdkt.audit.models import AuditEvent
from tdkt.audit.presenters import history_rows
from tdkt.exchange import services as exchange_services
from tdkt.exchange.tests.helpers import RATING_HEADER, good_sheets, write_workbook
from tdkt.org.tests.factories import client_for
from tdkt.records import services
from tdkt.records.models import Discipline, Initiative, YearlyRating
from tdkt.records.selectors import record_events
from tdkt.records.tests.test_views import post_form


def _rated(org, rating="HTXSNV"):
    return services.rating_set(actor=org.officer_a, person=org.person_a, year=2023, rating=rating)


def test_a_first_rating_needs_no_reason(org):
    assert _rated(org).rating == "HTXSNV"
    assert AuditEvent.objects.filter(action="records.rating.created").count() == 1


@pytest.mark.parametrize("reason", ["", "   "])
def test_changing_a_rating_without_a_reason_is_refused_and_changes_nothing(org, reason):
    _rated(org)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.rating_set(actor=org.officer_a, person=org.person_a, year=2023, rating="HTNV", reason=reason)
    assert "Hoàn thành xuất sắc nhiệm vụ" in exc.value.message_dict["reason"][0]
    assert YearlyRating.objects.get(person=org.person_a, year=2023).rating == "HTXSNV"
    assert AuditEvent.objects.count() == events


def test_the_same_rating_again_needs_no_reason(org):
    _rated(org)
    assert _rated(org).rating == "HTXSNV"
    assert not AuditEvent.objects.filter(action="records.rating.updated").exists()


def test_a_corrected_rating_shows_old_and_new_with_reason_who_and_year(org):
    _rated(org)
    services.rating_set(
        actor=org.officer_a, person=org.person_a, year=2023, rating="HTNV", reason="Kết luận của hội đồng ngày 10/12"
    )
    event = AuditEvent.objects.get(action="records.rating.updated")
    assert (event.before["rating"], event.after["rating"]) == ("HTXSNV", "HTNV")
    row = history_rows(record_events(subject=org.person_a))[0]
    assert row.is_correction and row.about == "Năm: 2023"
    change = next(c for c in row.changes if c.label == "Mức độ hoàn thành nhiệm vụ")
    assert (change.old, change.new) == ("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành nhiệm vụ")
    assert row.event.reason == "Kết luận của hội đồng ngày 10/12"
    assert "HTXSNV" not in event.object_repr and "Hoàn thành nhiệm vụ" in event.object_repr


def test_the_rating_page_asks_for_the_reason_and_the_history_panel_shows_the_correction(org):
    _rated(org)
    client = client_for(org.officer_a)
    url = reverse("records:rating_form", args=["ca-nhan", org.person_a.pk])
    response = post_form(client, url, {"year": 2023, "rating": "HTNV", "reason": ""})
    assert response.status_code == 400 and "phải ghi lý do sửa" in response.content.decode()
    assert YearlyRating.objects.get(person=org.person_a, year=2023).rating == "HTXSNV"
    response = post_form(client, url, {"year": 2023, "rating": "HTNV", "reason": "Đính chính theo biên bản"})
    assert response.status_code == 302
    panel = client.get(reverse("records:history", args=["ca-nhan", org.person_a.pk])).content.decode()
    assert "open" in panel.split('data-testid="record-events"')[1][:20]
    assert "Hoàn thành xuất sắc nhiệm vụ</span> → <span" in panel and "Đính chính theo biên bản" in panel
    assert "Năm: 2023" in panel


def test_the_api_refuses_a_correction_without_reason(org):
    _rated(org)
    client = APIClient()
    client.force_authenticate(org.officer_a)
    body = {"person": org.person_a.pk, "year": 2023, "rating": "HTNV"}
    response = client.post("/api/v1/ratings/", body, format="json")
    assert response.status_code == 400, response.content
    assert YearlyRating.objects.get(person=org.person_a, year=2023).rating == "HTXSNV"
    response = client.post("/api/v1/ratings/", {**body, "reason": "Đính chính"}, format="json")
    assert response.status_code in (200, 201), response.content
    assert YearlyRating.objects.get(person=org.person_a, year=2023).rating == "HTNV"


def test_an_import_that_changes_records_leaves_one_event_each_with_the_file_as_reason(org, tmp_path):
    first = write_workbook(tmp_path / "a.xlsx", good_sheets())
    job = exchange_services.import_job_create(actor=org.officer_a, path=first)
    exchange_services.import_apply(job=job, plan=exchange_services.import_validate(job=job))
    sheets = good_sheets()
    sheets["DanhGia"] = [RATING_HEADER, ["CA_NHAN", "N-001", 2023, "HTNV"]]
    sheets["SangKien"][1][4] = "TOAN_QUAN"
    sheets["KyLuat"][1][5] = "Vi phạm kỷ luật"
    job = exchange_services.import_job_create(actor=org.officer_a, path=write_workbook(tmp_path / "b.xlsx", sheets))
    plan = exchange_services.import_validate(job=job)
    assert plan.ok, plan.problems
    exchange_services.import_apply(job=job, plan=plan)
    rating = YearlyRating.objects.get(person__code="N-001", year=2023)
    event = AuditEvent.objects.get(action="records.rating.updated", object_id=str(rating.pk))
    assert (event.before["rating"], event.after["rating"]) == ("HTXSNV", "HTNV")
    assert "b.xlsx" in event.reason and f"lần nhập số {job.pk}" in event.reason
    initiative = AuditEvent.objects.get(action="records.initiative.updated")
    assert (initiative.before["scope"], initiative.after["scope"]) == ("CO_SO", "TOAN_QUAN")
    assert initiative.object_id == str(Initiative.objects.get().pk)
    discipline = AuditEvent.objects.get(action="records.discipline.updated")
    assert discipline.before["reason"] == "Vi phạm" and discipline.object_id == str(Discipline.objects.get().pk)
    row = next(r for r in history_rows(record_events(subject=rating.person)) if r.event.pk == event.pk)
    assert [(c.old, c.new) for c in row.changes] == [("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành nhiệm vụ")]
