"""A decision's awards written in one batch (issue #15, item 8): the one-by-one checks, every refusal at once."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tdkt.audit.drift import records_drift
from tdkt.audit.models import AuditEvent
from tdkt.org.tests.factories import person_create
from tdkt.records import services
from tdkt.records.awards_batch import AwardRow, awards_record_by_decision
from tdkt.records.models import Award, CatalogueEntry

pytestmark = pytest.mark.django_db


def _decision(number="12/QĐ-TEST"):
    return services.decision_for(number=number, year=2025, signed_on=date(2025, 12, 20), issuer="Cục Chính trị")


def test_the_batch_writes_every_award_audited_with_a_constant_number_of_queries(org):
    cstt, gk = CatalogueEntry.objects.get(code="CSTT"), CatalogueEntry.objects.get(code="GK")
    counts = {}
    for n in (3, 30):
        decision = _decision(f"{n}/QĐ-TEST")
        people = [person_create(org.a1, code=f"P{n}-{i}", full_name=f"Trần Văn {n} {i}") for i in range(n)]
        rows = [AwardRow(entry=cstt, year=2025, person=p) for p in people] + [
            AwardRow(entry=gk, year=2025, unit=org.b1)
        ]
        with CaptureQueriesContext(connection) as ctx:
            awards = awards_record_by_decision(actor=org.admin, decision=decision, rows=rows)
        counts[n] = len(ctx.captured_queries)
        assert [a.subject for a in awards] == [*people, org.b1] and all(a.pk for a in awards)
        assert Award.objects.filter(decision=decision).count() == n + 1
        audited = AuditEvent.objects.filter(action="records.award.created", object_id__in=[str(a.pk) for a in awards])
        assert audited.count() == n + 1
    assert counts[30] == counts[3], counts
    assert list(records_drift()) == []


def test_every_refused_row_is_reported_and_nothing_is_written(org):
    cstt, gk = CatalogueEntry.objects.get(code="CSTT"), CatalogueEntry.objects.get(code="GK")
    services.award_record(actor=org.admin, person=org.person_a, entry=cstt, year=2025)  # already holds it
    decision = _decision()
    rows = [
        AwardRow(entry=cstt, year=2025, person=org.person_a),  # the title twice in a year
        AwardRow(entry=cstt, year=2025, unit=org.b1),  # a person's title for a unit
        AwardRow(entry=gk, year=2025, person=org.person_a1),
        AwardRow(entry=gk, year=2025, person=org.person_a1),  # the same subject twice in the decision
        AwardRow(entry=gk, year=1944, person=org.person_a11),  # before any year the record holds
        AwardRow(entry=gk, year=2025, person=org.person_b),
    ]
    awards, events = Award.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        awards_record_by_decision(actor=org.admin, decision=decision, rows=rows)
    messages = refused.value.message_dict["awards"]
    assert len(messages) == 4, messages
    assert "đã có danh hiệu" in messages[0] and str(org.person_a) in messages[0]
    assert "không dùng để khen thưởng tập thể" in messages[1]
    assert "12/QĐ-TEST đã có" in messages[2] and str(org.person_a1) in messages[2]
    assert "Năm 1944 không hợp lệ" in messages[3]
    assert (Award.objects.count(), AuditEvent.objects.count()) == (awards, events)
