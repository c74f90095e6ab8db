"""Issue #14, finding 12: the authorities' admin page saves through the nominations services, which keep the
chain of proposals climbing (a body forwards to a higher level) and audit each change."""

import pytest
from django.contrib.messages import get_messages

from tdkt.audit.models import AuditEvent
from tdkt.nominations.choices import AuthorityLevel
from tdkt.nominations.models import Authority
from tdkt.org.tests.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db


def _form(authority: Authority, **changes) -> dict:
    data = {
        "code": authority.code,
        "name": authority.name,
        "level": authority.level,
        "unit": authority.unit_id or "",
        "parent": authority.parent_id or "",
        "parent_body": authority.parent_body,
        "issuing_body": authority.issuing_body,
        "number_suffix": authority.number_suffix,
        "submission_suffix": authority.submission_suffix,
        "place": authority.place,
        "signer_title": authority.signer_title,
        "_save": "Lưu",
        **changes,
    }
    return {k: str(v) for k, v in data.items()}


@pytest.fixture
def superuser(flow):
    return UserFactory(username="chuquan", is_staff=True, is_superuser=True)


def test_a_parent_at_a_lower_level_is_refused_and_nothing_changes(flow, superuser):
    events = AuditEvent.objects.count()
    # the Military Region's command would forward to Cục Chính trị, a unit-level body below it
    response = client_for(superuser).post(
        f"/quan-tri/nominations/authority/{flow.btl.pk}/change/", _form(flow.btl, parent=flow.cct.pk)
    )
    assert response.status_code == 302
    assert any("Cấp trên phải ở cấp cao hơn" in str(m) for m in get_messages(response.wsgi_request))
    flow.btl.refresh_from_db()
    assert flow.btl.parent_id == flow.bqp.pk and AuditEvent.objects.count() == events


def test_raising_a_body_above_its_parent_is_refused(flow, superuser):
    response = client_for(superuser).post(
        f"/quan-tri/nominations/authority/{flow.cct.pk}/change/",
        _form(flow.cct, level=AuthorityLevel.NHA_NUOC),  # CCT would stand above BTL, which it forwards to
    )
    assert response.status_code == 302
    flow.cct.refresh_from_db()
    assert flow.cct.level == AuthorityLevel.DON_VI
    response = client_for(superuser).post(
        f"/quan-tri/nominations/authority/{flow.bqp.pk}/change/",
        _form(flow.bqp, level=AuthorityLevel.DON_VI),  # BTL forwards to BQP: BQP cannot drop below it
    )
    assert any("phải ở cấp thấp hơn" in str(m) for m in get_messages(response.wsgi_request))
    flow.bqp.refresh_from_db()
    assert flow.bqp.level == AuthorityLevel.BO_QUOC_PHONG


def test_a_valid_change_and_a_new_body_are_saved_and_audited(flow, superuser):
    client = client_for(superuser)
    before = AuditEvent.objects.count()
    response = client.post(f"/quan-tri/nominations/authority/{flow.chc.pk}/change/", _form(flow.chc, place="Huế"))
    assert response.status_code == 302
    flow.chc.refresh_from_db()
    assert flow.chc.place == "Huế"
    event = AuditEvent.objects.get(seq__gt=before, action="nominations.authority.updated")
    assert (event.before["place"], event.after["place"], event.actor_id) == ("Đà Nẵng", "Huế", superuser.pk)
    new = Authority(
        code="CKT", name="Cục Kỹ thuật", level=AuthorityLevel.DON_VI, parent=flow.btl, issuing_body="CỤC KỸ THUẬT"
    )
    response = client.post("/quan-tri/nominations/authority/add/", _form(new, number_suffix="QĐ-CKT"))
    assert response.status_code == 302
    created = Authority.objects.get(code="CKT")
    assert AuditEvent.objects.filter(action="nominations.authority.created", object_id=str(created.pk)).exists()


def test_a_new_body_above_its_parent_is_refused(flow, superuser):
    new = Authority(code="SAI", name="Sai cấp", level=AuthorityLevel.NHA_NUOC, parent=flow.btl, issuing_body="X")
    response = client_for(superuser).post("/quan-tri/nominations/authority/add/", _form(new, number_suffix="QĐ-X"))
    assert response.status_code == 302
    assert not Authority.objects.filter(code="SAI").exists()
