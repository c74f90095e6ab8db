"""Log-in hardening and session limits (issue #8): lockout per (username, IP), one answer for unknown users
and wrong passwords, strong passwords, idle and absolute session limits, logout, CSP."""

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tdkt.audit.models import AuditEvent
from tdkt.core import middleware
from tdkt.org.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/dang-nhap/"


def attempt(username: str, password: str, ip: str = "10.0.0.7", client: Client | None = None):
    client = client or Client(REMOTE_ADDR=ip)
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _body(response) -> str:
    return re.sub(r"[A-Za-z0-9]{64}", "<csrf>", response.content.decode())  # the CSRF tokens differ


def test_five_failures_lock_that_username_from_that_address_for_fifteen_minutes(org):
    for failure in range(1, 6):  # the fifth failure is answered with the lock
        assert attempt("canbo.a", "sai-mat-khau").status_code == (429 if failure == 5 else 200)
    locked = attempt("canbo.a", PASSWORD)  # even the right password is refused now
    assert locked.status_code == 429 and "tạm khóa 15 phút" in locked.content.decode()
    assert attempt("canbo.a", PASSWORD, ip="10.0.0.8").status_code == 302  # another machine is not locked
    assert attempt("canbo.a", PASSWORD, ip="10.0.0.7", client=Client()).status_code == 429
    # a forged X-Forwarded-For does not move the lock to another address
    forged = Client().post(
        LOGIN, {"username": "canbo.a", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert forged.status_code == 429
    # after the cool-off the pair may try again
    AccessAttempt.objects.filter(username="canbo.a").update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt("canbo.a", PASSWORD).status_code == 302


def test_an_unknown_username_gets_exactly_the_answer_of_a_wrong_password(org):
    wrong, unknown = attempt("canbo.a", "sai-mat-khau"), attempt("khong.ton.tai", "sai-mat-khau")
    assert wrong.status_code == unknown.status_code == 200
    assert _body(wrong).replace("canbo.a", "X") == _body(unknown).replace("khong.ton.tai", "X")
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in wrong.content.decode()
    for _ in range(4):
        attempt("khong.ton.tai", "sai-mat-khau")
        attempt("canbo.a", "sai-mat-khau")
    locked_known, locked_unknown = attempt("canbo.a", "x"), attempt("khong.ton.tai", "x")
    assert locked_known.status_code == locked_unknown.status_code == 429
    assert _body(locked_known) == _body(locked_unknown)


def test_an_administrator_unlocks_in_the_admin_and_the_unlock_is_audited(org):
    for _ in range(5):
        attempt("canbo.a", "sai-mat-khau")
    assert attempt("canbo.a", PASSWORD).status_code == 429
    org.admin.is_staff = org.admin.is_superuser = True
    org.admin.save(update_fields=["is_staff", "is_superuser"])
    admin = Client()
    admin.force_login(org.admin)
    lock = AccessAttempt.objects.get(username="canbo.a")
    page = admin.get(reverse("admin:axes_accessattempt_delete", args=[lock.pk]))
    assert page.status_code == 200
    assert admin.post(reverse("admin:axes_accessattempt_delete", args=[lock.pk]), {"post": "yes"}).status_code == 302
    assert attempt("canbo.a", PASSWORD).status_code == 302
    event = AuditEvent.objects.filter(action="auth.lockout.reset").latest("seq")
    assert event.before["username"] == "canbo.a" and event.before["ip_address"] == "10.0.0.7"


def test_a_successful_log_in_clears_the_earlier_failures(org):
    for _ in range(4):
        attempt("canbo.a", "sai-mat-khau")
    assert attempt("canbo.a", PASSWORD).status_code == 302
    for _ in range(4):
        attempt("canbo.a", "sai-mat-khau")
    assert attempt("canbo.a", PASSWORD).status_code == 302  # 4 + 4 failures, never 5 in a row


@pytest.mark.parametrize(
    "password, problem",
    [("Ngan@2026", "ít nhất 12 ký tự"), ("password1234", "quá phổ biến"), ("123456789012345", "hoàn toàn là số")],
)
def test_passwords_need_twelve_characters_and_must_not_be_common(password, problem):
    from django.utils import translation

    with pytest.raises(ValidationError) as raised, translation.override("vi"):
        validate_password(password)
    assert any(problem in message for message in raised.value.messages), raised.value.messages


def test_a_long_uncommon_password_is_accepted():
    assert validate_password("Quyết-thắng 2026: Cụm 4!") is None


def _logged_in(org) -> Client:
    client = Client(REMOTE_ADDR="10.0.0.9")
    assert attempt("canbo.a", PASSWORD, ip="10.0.0.9", client=client).status_code == 302
    assert client.get("/").status_code == 200
    return client


def _age(client: Client, **seconds_ago) -> None:
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"started": middleware.STARTED, "seen": middleware.SEEN}[key]] = now - ago
    session.save()


def test_thirty_minutes_without_a_request_end_the_session(org):
    client = _logged_in(org)
    _age(client, seen=29 * 60)
    assert client.get("/").status_code == 200  # 29 minutes: still in, and the clock restarts
    _age(client, seen=31 * 60)
    answer = client.get("/")
    assert answer.status_code == 302 and answer.url.startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_eight_hours_after_log_in_the_session_ends_however_active(org):
    client = _logged_in(org)
    _age(client, started=8 * 3600 + 1, seen=5)
    answer = client.get("/")
    assert answer.status_code == 302 and answer.url.startswith(LOGIN)


def test_logout_ends_the_session_on_the_server(org):
    from django.contrib.sessions.models import Session

    client = _logged_in(org)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    assert client.post(reverse("logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    replay = Client(REMOTE_ADDR="10.0.0.9")
    replay.cookies["sessionid"] = key  # the old cookie is worthless
    assert replay.get("/").status_code == 302


def test_every_page_carries_a_csp_without_inline_scripts(org):
    client = _logged_in(org)
    csp = client.get("/").headers["Content-Security-Policy"]
    script_src = next(part for part in csp.split("; ") if part.startswith("script-src"))
    assert script_src == "script-src 'self'" and "unsafe" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "Content-Security-Policy" in client.get(LOGIN).headers


def test_no_template_has_an_inline_script_style_or_handler():
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for template in (Path(settings.BASE_DIR) / "tdkt").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for script in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in script and 'type="application/json"' not in script:
                offenders.append(f"{template.name}: {script}")
        offenders += [f"{template.name}: {m}" for m in re.findall(r"\s(?:on[a-z]+|style)=\"", text)]
        offenders += [f"{template.name}: <style>" for _ in re.findall(r"<style\b", text)]
    assert offenders == []
