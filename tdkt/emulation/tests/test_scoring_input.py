"""Points as an officer types them (browser review of issue #16, findings 1–3 and 21): the decimal comma is
read, NaN / Infinity / 1e9 / out-of-range are refused with a Vietnamese message by the page and by the
service alike (the record unchanged), and a row stored out of range before these checks does not 500."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, connection, transaction
from django.urls import reverse
from openpyxl import load_workbook

from tdkt.api.tests.test_records_api import api
from tdkt.audit.models import AuditEvent
from tdkt.emulation import scoring
from tdkt.emulation.models import Criterion, Score
from tdkt.emulation.points import PointsField
from tdkt.emulation.tests.test_fair_scoring import officer_c  # noqa: F401 (fixture)
from tdkt.emulation.tests.test_scoring import scored  # noqa: F401 (fixture)
from tdkt.emulation.tests.test_services import cluster  # noqa: F401 (fixture)
from tdkt.org.tests.factories import client_for

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    "typed,value",
    [("12,5", Decimal("12.5")), ("12.5", Decimal("12.5")), (" 40 ", Decimal(40)), ("1.234,5", Decimal("1234.5"))],
)
def test_points_are_read_with_the_decimal_comma(typed, value):
    assert PointsField().clean(typed) == value


@pytest.mark.parametrize("typed", ["NaN", "Infinity", "-inf", "1e9", "1E+9", "1000000000", "12,345", "abc"])
def test_points_out_of_what_the_model_stores_are_refused_in_vietnamese(typed):
    with pytest.raises(ValidationError) as refused:
        PointsField().clean(typed)
    message = " ".join(refused.value.messages)
    assert "Điểm" in message and "Enter" not in message and "number" not in message


def _soan(org, cluster):  # noqa: F811
    from tdkt.emulation import services

    services.cluster_leader_set(actor=org.admin, cluster=cluster, year=2022, leader=org.c)
    return scoring.round_create(actor=org.admin, cluster=cluster, year=2022)


@pytest.mark.parametrize("max_points", ["1e9", Decimal("1E+9"), "NaN", Decimal("NaN"), "Infinity", "0,005", 10**9])
def test_the_service_refuses_a_maximum_it_cannot_store(org, cluster, max_points):  # noqa: F811
    round_ = _soan(org, cluster)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        scoring.criterion_add(actor=org.admin, round_=round_, name="Huấn luyện", max_points=max_points)
    assert "max_points" in refused.value.message_dict
    assert not Criterion.objects.exists() and AuditEvent.objects.count() == events


def test_the_page_reads_a_decimal_comma_and_refuses_1e9(org, cluster):  # noqa: F811
    round_ = _soan(org, cluster)
    url = reverse("emulation:scoring", args=[cluster.pk, 2022])
    admin = client_for(org.admin)
    refused = admin.post(url, {"action": "criterion", "name": "Quá lớn", "max_points": "1e9"}, follow=True)
    assert refused.status_code == 200 and any("Điểm phải là một số" in m for m in _messages(refused))
    assert not Criterion.objects.exists()
    saved = admin.post(url, {"action": "criterion", "name": "Huấn luyện", "max_points": "12,5"}, follow=True)
    assert saved.status_code == 200 and "Đã lưu." in _messages(saved)
    assert list(round_.criteria.values_list("max_points", flat=True)) == [Decimal("12.5")]
    assert "tối đa 12,5" in saved.content.decode()


@pytest.mark.parametrize("typed", ["NaN", "Infinity", "1e9", "60", "-1", "abc", ""])
def test_a_self_score_the_model_cannot_hold_is_refused_on_the_page(org, cluster, scored, typed):  # noqa: F811
    round_, training, *_ = scored
    scoring.round_advance(actor=org.admin, round_=round_)  # self-scoring
    scoring.score_self(actor=org.officer_a, round_=round_, unit=org.a, criterion=training, points="38,5")
    url = reverse("emulation:scoring", args=[cluster.pk, 2022])
    post = {"action": "self", "unit": org.a.pk, "criterion": training.pk, "points": typed}
    response = client_for(org.officer_a).post(url, post, follow=True)
    assert response.status_code == 200 and _messages(response) and "Đã lưu." not in _messages(response)
    assert Score.objects.get(round=round_, unit=org.a, criterion=training).self_points == Decimal("38.5")
    if typed == "60":  # Vietnamese numbers: "0–40", never "0–40.00"
        assert _messages(response) == ["Điểm 60 ngoài khoảng 0–40 của “Huấn luyện”."]


def test_the_service_refuses_nan_from_a_forged_call(org, cluster, scored):  # noqa: F811
    round_, training, *_ = scored
    scoring.round_advance(actor=org.admin, round_=round_)
    for points in (Decimal("NaN"), Decimal("Infinity"), Decimal("1E+9"), float("nan"), "12,345"):
        with pytest.raises(ValidationError):
            scoring.score_self(actor=org.officer_a, round_=round_, unit=org.a, criterion=training, points=points)
    assert not Score.objects.filter(self_points__isnull=False).exists()
    with pytest.raises(ValidationError) as refused:
        scoring.score_self(actor=org.officer_a, round_=round_, unit=org.a, criterion=training, points="40,5")
    assert refused.value.messages == ["Điểm 40,5 ngoài khoảng 0–40 của “Huấn luyện”."]


def test_the_api_refuses_nan_and_an_out_of_range_maximum(org, cluster):  # noqa: F811
    round_ = _soan(org, cluster)
    admin = api(org.admin)
    base = f"/api/v1/scoring-rounds/{round_.pk}"
    for value in ("NaN", "1e9", "Infinity"):
        assert admin.post(f"{base}/criteria/", {"name": "X", "max_points": value}, format="json").status_code == 400
    assert not Criterion.objects.exists()


def test_a_row_stored_out_of_range_does_not_break_the_page(org, cluster, scored):  # noqa: F811
    """SQLite stores 1e9 in a 7-digit column (as rows written before the checks may hold); PostgreSQL refuses it."""
    round_, training, *_ = scored
    table = Criterion._meta.db_table  # a model name, not input
    overflow = f"UPDATE {table} SET max_points = 1000000000 WHERE id = %s"  # noqa: S608
    if connection.vendor != "sqlite":
        with pytest.raises(DataError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(overflow, [training.pk])
        training.refresh_from_db()
        assert training.max_points < 10**5
        return
    with connection.cursor() as cursor:
        cursor.execute(overflow, [training.pk])
    response = client_for(org.admin).get(reverse("emulation:scoring", args=[cluster.pk, 2022]))
    assert response.status_code == 200
    assert "vượt giới hạn lưu trữ" in response.content.decode()


def test_the_matrix_xlsx_shows_decimals_only_where_a_score_has_some(org, cluster, scored):  # noqa: F811
    round_, training, safety, bonus = scored
    scoring.round_advance(actor=org.admin, round_=round_)
    scoring.score_self(actor=org.officer_a, round_=round_, unit=org.a, criterion=training, points=40)
    scoring.score_self(actor=org.officer_a, round_=round_, unit=org.a, criterion=bonus, points="2,5")
    response = client_for(org.admin).get(reverse("emulation:scoring", args=[cluster.pk, 2022]), {"xuat": "xlsx"})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body)).active
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == org.a.name)
    cells = {header[c.column - 1]: c for c in row}
    training_cell = next(c for h, c in cells.items() if h.startswith("Huấn luyện"))
    bonus_cell = next(c for h, c in cells.items() if h.startswith("Điểm thưởng"))
    assert (training_cell.value, training_cell.number_format) == (40, "#,##0")  # 40, not 40,0
    assert (bonus_cell.value, bonus_cell.number_format) == (2.5, "#,##0.0")
    assert cells["Tổng"].number_format == "#,##0.0"  # 42,5
