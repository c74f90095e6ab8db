"""API tokens expire (API_TOKEN_TTL_HOURS) and die with a password change on every path (issue #14, finding 17)."""

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tdkt.audit.models import AuditEvent
from tdkt.org import services as org_services
from tdkt.org.tests.factories import UserFactory

NEW_PASSWORD = "Mat-khau-moi-Hon-2026!"


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def people(key: str):
    return token_client(key).get("/api/v1/people/")


def test_a_token_works_until_the_password_changes_then_it_is_gone(org):
    token = Token.objects.create(user=org.officer_b)
    assert people(token.key).status_code == 200
    org_services.user_password_set(actor=org.officer_b, user=org.officer_b, password=NEW_PASSWORD)
    assert not Token.objects.filter(user=org.officer_b).exists()
    refused = people(token.key)
    assert refused.status_code == 401
    event = AuditEvent.objects.filter(action="org.user.password_changed", object_id=str(org.officer_b.pk)).get()
    assert event.actor_id == org.officer_b.pk and event.after["tokens_revoked"] == 1


def test_another_user_may_not_change_a_password_and_nothing_changes(org):
    token = Token.objects.create(user=org.officer_b)
    hashed = org.officer_b.password
    with pytest.raises(Exception, match="Chỉ quản trị hệ thống"):
        org_services.user_password_set(actor=org.officer_a, user=org.officer_b, password=NEW_PASSWORD)
    org.officer_b.refresh_from_db()
    assert org.officer_b.password == hashed and Token.objects.filter(key=token.key).exists()
    assert not AuditEvent.objects.filter(action="org.user.password_changed").exists()


def test_the_admin_set_password_page_revokes_the_token_under_the_admin_as_actor(org):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    token = Token.objects.create(user=org.officer_b)
    client = Client()
    client.force_login(root)
    response = client.post(
        f"/quan-tri/org/user/{org.officer_b.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    org.officer_b.refresh_from_db()
    assert org.officer_b.check_password(NEW_PASSWORD)
    assert not Token.objects.filter(key=token.key).exists()
    assert people(token.key).status_code == 401
    event = AuditEvent.objects.get(action="org.user.password_changed")
    assert event.actor_id == root.pk


def test_changepassword_command_revokes_the_token(org):
    token = Token.objects.create(user=org.officer_b)
    with mock.patch("getpass.getpass", return_value=NEW_PASSWORD):
        call_command("changepassword", org.officer_b.username, stdout=StringIO())
    assert not Token.objects.filter(key=token.key).exists()
    assert people(token.key).status_code == 401
    assert AuditEvent.objects.filter(action="org.user.password_changed", actor_id=None).count() == 1


def test_a_hash_upgrade_at_log_in_is_not_a_password_change(org, settings):
    token = Token.objects.create(user=org.officer_b)
    # a password hashed with an older algorithm is re-hashed at the next successful check
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    from tdkt.org.tests.factories import PASSWORD

    assert org.officer_b.check_password(PASSWORD)
    org.officer_b.refresh_from_db()
    assert org.officer_b.password.startswith("pbkdf2_sha256$")
    assert Token.objects.filter(key=token.key).exists()
    assert not AuditEvent.objects.filter(action="org.user.password_changed").exists()


def test_an_expired_token_is_refused_in_vietnamese(org, settings):
    settings.API_TOKEN_TTL_HOURS = 24
    token = Token.objects.create(user=org.officer_b)
    assert people(token.key).status_code == 200
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(hours=24, seconds=1))
    refused = people(token.key)
    assert refused.status_code == 401
    assert "Mã truy cập đã hết hạn." in refused.content.decode()


def test_ttl_zero_means_tokens_never_expire(org, settings):
    settings.API_TOKEN_TTL_HOURS = 0
    token = Token.objects.create(user=org.officer_b)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=3650))
    assert people(token.key).status_code == 200


def test_drf_create_token_replaces_an_expired_token_and_keeps_a_valid_one(org, settings):
    settings.API_TOKEN_TTL_HOURS = 720
    out = StringIO()
    call_command("drf_create_token", org.officer_b.username, stdout=out)
    first = Token.objects.get(user=org.officer_b)
    assert first.key in out.getvalue() and people(first.key).status_code == 200
    call_command("drf_create_token", org.officer_b.username, stdout=StringIO())
    assert Token.objects.get(user=org.officer_b).key == first.key  # still valid: the same token
    Token.objects.filter(pk=first.pk).update(created=timezone.now() - timedelta(hours=721))
    assert people(first.key).status_code == 401
    out = StringIO()
    call_command("drf_create_token", org.officer_b.username, stdout=out)
    second = Token.objects.get(user=org.officer_b)
    assert second.key != first.key and second.key in out.getvalue()
    assert people(second.key).status_code == 200 and people(first.key).status_code == 401
    assert AuditEvent.objects.filter(action="org.user.token_issued", object_id=str(org.officer_b.pk)).count() == 2
