"""The record digest the permission matrix brackets every write with: it must see what a refused write could do."""

import pytest
from django.apps import apps

from tdkt.org.models import Person
from tests.permissions.digest import changed_tables, record_digest, record_tables

pytestmark = pytest.mark.django_db


def test_every_table_of_the_tdkt_models_is_in_the_digest(org):
    tables = {table for table, _, _ in record_tables()}
    models = {
        m._meta.db_table
        for m in apps.get_models()
        if m.__module__.startswith("tdkt.") and m._meta.managed and not m._meta.proxy
    }
    assert models <= tables and {"audit_auditevent", "records_award", "org_person"} <= tables
    assert set(record_digest()) == tables


def test_the_digest_is_stable_and_sees_an_update_that_keeps_the_row_count(org):
    before = record_digest()
    assert record_digest() == before
    Person.objects.filter(pk=org.person_a.pk).update(position="Trợ lý thăm dò")  # no save(): updated_at stays
    after = record_digest()
    assert changed_tables(before, after) == [
        f"{Person._meta.db_table} ({before['org_person'][0]}→{after['org_person'][0]} rows)"
    ]


def test_the_digest_sees_a_new_audit_event(org):
    from django.db import transaction

    from tdkt.audit.services import audit_record

    before = record_digest()
    with transaction.atomic():
        audit_record(actor=org.admin, action="org.person.updated", obj=org.person_a, after={"probe": 1})
    changed = changed_tables(before, record_digest())
    assert any(t.startswith("audit_auditevent ") for t in changed), changed
