"""Issue #14, finding 12: the admin (`/quan-tri/`) writes only through the audited org services.

Editing an existing inline role used to report success and save nothing; deleting a user or a role wrote no
audit event. Each test posts the admin's own forms with the test client and checks the rows and the events.
"""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages

from tdkt.audit.models import AuditEvent
from tdkt.org.choices import Role
from tdkt.org.models import RoleAssignment, User
from tdkt.org.tests.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db
PREFIX = "role_assignments"


@pytest.fixture
def superuser(org):
    return UserFactory(username="chuquan", is_staff=True, is_superuser=True)


def _user_form(user: User, roles: list[dict], **changes) -> dict:
    """The change form as the browser posts it: the account's fields and the inline roles."""
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        f"{PREFIX}-TOTAL_FORMS": str(len(roles)),
        f"{PREFIX}-INITIAL_FORMS": str(sum(1 for r in roles if r.get("id"))),
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
        "_save": "Lưu",
        **changes,
    }
    for i, role in enumerate(roles):
        data[f"{PREFIX}-{i}-id"] = str(role.get("id", ""))
        data[f"{PREFIX}-{i}-user"] = str(user.pk)
        data[f"{PREFIX}-{i}-unit"] = str(role["unit"])
        data[f"{PREFIX}-{i}-role"] = role["role"]
        if role.get("delete"):
            data[f"{PREFIX}-{i}-DELETE"] = "on"
    return {k: v for k, v in data.items() if v != ""}


def _url(user: User, suffix: str = "change/") -> str:
    return f"/quan-tri/org/user/{user.pk}/{suffix}"


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_editing_an_existing_inline_role_saves_and_audits_it(org, superuser):
    assignment = RoleAssignment.objects.get(user=org.officer_a)
    before = AuditEvent.objects.count()
    form = _user_form(org.officer_a, [{"id": assignment.pk, "unit": org.a1.pk, "role": Role.XEM}])
    response = client_for(superuser).post(_url(org.officer_a), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assignment.refresh_from_db()
    assert (assignment.unit_id, assignment.role) == (org.a1.pk, Role.XEM)  # really changed
    event = AuditEvent.objects.get(seq__gt=before, action="org.role.updated")
    assert event.actor_id == superuser.pk and event.object_id == str(assignment.pk)
    assert (event.before["unit"], event.before["role"]) == (org.a.pk, Role.CAN_BO_TDKT)
    assert (event.after["unit"], event.after["role"]) == (org.a1.pk, Role.XEM)


def test_adding_and_deleting_inline_roles_go_through_grant_and_revoke(org, superuser):
    old = RoleAssignment.objects.get(user=org.officer_b)
    before = AuditEvent.objects.count()
    form = _user_form(
        org.officer_b,
        [
            {"id": old.pk, "unit": old.unit_id, "role": old.role, "delete": True},
            {"unit": org.b1.pk, "role": Role.XEM},
        ],
    )
    response = client_for(superuser).post(_url(org.officer_b), form)
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=old.pk).exists()
    new = RoleAssignment.objects.get(user=org.officer_b)
    assert (new.unit_id, new.role) == (org.b1.pk, Role.XEM)
    actions = list(AuditEvent.objects.filter(seq__gt=before).values_list("action", "object_id"))
    assert ("org.role.revoked", str(old.pk)) in actions and ("org.role.granted", str(new.pk)) in actions


def test_account_changes_are_audited(org, superuser):
    before = AuditEvent.objects.count()
    own = RoleAssignment.objects.get(user=org.viewer_a)
    form = _user_form(
        org.viewer_a, [{"id": own.pk, "unit": own.unit_id, "role": own.role}], full_name="Người xem Cục Chính trị"
    )
    response = client_for(superuser).post(_url(org.viewer_a), form)
    assert response.status_code == 302
    org.viewer_a.refresh_from_db()
    assert org.viewer_a.full_name == "Người xem Cục Chính trị"
    event = AuditEvent.objects.get(seq__gt=before, action="org.user.updated")
    assert event.after["full_name"] == "Người xem Cục Chính trị" and event.actor_id == superuser.pk


def test_a_new_account_is_created_by_the_service(org, superuser):
    before = AuditEvent.objects.count()
    response = client_for(superuser).post(
        "/quan-tri/org/user/add/",
        {
            "username": "canbo.moi",
            "full_name": "Cán bộ mới",
            "password1": "Mat-khau-rat-dai-2026!",
            "password2": "Mat-khau-rat-dai-2026!",
            f"{PREFIX}-TOTAL_FORMS": "1",
            f"{PREFIX}-INITIAL_FORMS": "0",
            f"{PREFIX}-MIN_NUM_FORMS": "0",
            f"{PREFIX}-MAX_NUM_FORMS": "1000",
            f"{PREFIX}-0-unit": str(org.c.pk),
            f"{PREFIX}-0-role": Role.CAN_BO_TDKT,
            "_save": "Lưu",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="canbo.moi")
    assert user.check_password("Mat-khau-rat-dai-2026!")
    assert RoleAssignment.objects.filter(user=user, unit=org.c, role=Role.CAN_BO_TDKT).exists()
    actions = set(AuditEvent.objects.filter(seq__gt=before, actor=superuser).values_list("action", flat=True))
    assert {"org.user.created", "org.role.granted"} <= actions


def test_deleting_a_user_is_refused(org, superuser):
    client = client_for(superuser)
    events = AuditEvent.objects.count()
    assert client.get(_url(org.officer_b, "delete/")).status_code == 403
    assert client.post(_url(org.officer_b, "delete/"), {"post": "yes"}).status_code == 403
    response = client.post(
        "/quan-tri/org/user/", {"action": "delete_selected", "_selected_action": [org.officer_b.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert User.objects.filter(pk=org.officer_b.pk, is_active=True).exists()  # the row is still there
    assert RoleAssignment.objects.filter(user=org.officer_b).exists()
    assert AuditEvent.objects.count() == events
    page = client.get("/quan-tri/org/user/").content.decode()
    assert "delete_selected" not in page and "deactivate_selected" in page


def test_accounts_are_deactivated_and_audited(org, superuser):
    before = AuditEvent.objects.count()
    response = client_for(superuser).post(
        "/quan-tri/org/user/", {"action": "deactivate_selected", "_selected_action": [org.officer_b.pk]}
    )
    assert response.status_code == 302
    org.officer_b.refresh_from_db()
    assert org.officer_b.is_active is False
    assert RoleAssignment.objects.filter(user=org.officer_b).exists()  # history and roles stay
    event = AuditEvent.objects.get(seq__gt=before)
    assert (event.action, event.object_id, event.before["is_active"], event.after["is_active"]) == (
        "org.user.deactivated",
        str(org.officer_b.pk),
        True,
        False,
    )


def test_an_administrator_outside_the_unit_is_refused_and_nothing_changes(org):
    """A staff QUAN_TRI of Cục Chính trị, allowed into the admin's user pages, edits an officer of Cục Hậu cần."""
    admin_a = UserFactory(username="quantri.a", is_staff=True, roles=[(org.a, Role.QUAN_TRI)])
    admin_a.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    assignment = RoleAssignment.objects.get(user=org.officer_b)
    events = AuditEvent.objects.count()
    form = _user_form(
        org.officer_b,
        [{"id": assignment.pk, "unit": org.a.pk, "role": Role.QUAN_TRI}],
        full_name="Tên mới",
    )
    response = client_for(admin_a).post(_url(org.officer_b), form)
    assert response.status_code == 302
    assert any(m.startswith("Không lưu được:") for m in _messages(response))
    assignment.refresh_from_db()
    org.officer_b.refresh_from_db()
    assert (assignment.unit_id, assignment.role) == (org.b.pk, Role.CAN_BO_TDKT)
    assert org.officer_b.full_name != "Tên mới"
    assert AuditEvent.objects.count() == events
    # and a Django permission does not make a superuser
    own = RoleAssignment.objects.get(user=org.officer_a)
    form = _user_form(org.officer_a, [{"id": own.pk, "unit": own.unit_id, "role": own.role}], is_superuser="on")
    response = client_for(admin_a).post(_url(org.officer_a), form)
    assert any("cấp cao nhất" in m for m in _messages(response))
    org.officer_a.refresh_from_db()
    assert not org.officer_a.is_superuser
