"""Two gunicorn instances on different ports against one database serve the same data (issue #8, scale-out).

Whatever one instance writes or remembers — sessions, report caches, log-in failures, idempotency keys —
the other sees at once: nothing lives in process memory. The test runs against the suite's database server
(a database of its own on PostgreSQL; one SQLite file otherwise), so both CI runs cover it.
"""

import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.conf import settings

from tests.system.helpers import database_url, tdkt, tdkt_env

pytestmark = pytest.mark.slow
PASSWORD = "Scale@Out-2026!"
SETUP = f"""
from rest_framework.authtoken.models import Token
from tdkt.org.tests.factories import build_org_tree
org = build_org_tree()
org.officer_a.set_password({PASSWORD!r}); org.officer_a.save()
token, _ = Token.objects.get_or_create(user=org.officer_a)
print(json.dumps({{"token": token.key, "person": org.person_a.pk}}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A tiny HTTP client with a cookie jar; redirects are not followed (the answers are checked)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, jar: CookieJar | None = None):
        self.jar = jar or CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect)

    def request(self, url, data=None, headers=None, method=None):
        body = None
        if isinstance(data, dict):
            body = urllib.parse.urlencode(data).encode()
        elif isinstance(data, bytes):
            body = data
        req = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
        try:
            with self.opener.open(req, timeout=30) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def log_in(self, base, username, password):
        _, page = self.request(f"{base}/dang-nhap/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(
            f"{base}/dang-nhap/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{base}/dang-nhap/"},
        )[0]


@pytest.fixture
def two_servers(tmp_path):
    env = tdkt_env(database_url(tmp_path, "tdkt_scale_out"), tmp_path)
    tdkt(env, "migrate", "-v", "0")
    tdkt(env, "collectstatic", "--noinput", "-v", "0")
    out = tdkt(env, "shell", "-c", "import json\n" + SETUP).stdout
    facts = json.loads(out.strip().splitlines()[-1])
    ports, servers = [_free_port(), _free_port()], []
    for port in ports:
        servers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--threads",
                    "2",
                    "--log-level",
                    "warning",
                ],
                env=env,
                cwd=settings.BASE_DIR,
            )  # fmt: skip
        )
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    deadline = time.monotonic() + 60
    for base in bases:
        while True:
            try:
                if Browser().request(f"{base}/dang-nhap/")[0] == 200:
                    break
            except urllib.error.URLError:
                pass  # not listening yet
            assert time.monotonic() < deadline, f"{base} did not start"
            time.sleep(0.3)
    try:
        yield bases, facts
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def test_two_app_servers_serve_the_same_data(two_servers):
    (a, b), facts = two_servers
    api = {"Authorization": f"Token {facts['token']}", "Content-Type": "application/json"}
    client, machine = Browser(), Browser()  # an officer's browser; a program using the API with its token

    # a session opened on A is valid on B
    assert client.log_in(a, "canbo.a", PASSWORD) == 302
    assert client.request(f"{b}/")[0] == 200

    # B's cached summary follows a write made through A
    summary = "/bao-cao/tong-ket/?nam=2025&don_vi=CCT"
    before = client.request(b + summary)[1]
    assert "cho 0 tập thể và 0 cá nhân" in before
    award = {"person": facts["person"], "entry": "GK", "year": 2025, "kind": "THUONG_XUYEN"}
    status, body = machine.request(f"{a}/api/v1/awards/", json.dumps(award).encode(), headers=api)
    assert status == 201, body
    created = json.loads(body)["id"]
    assert "cho 0 tập thể và 1 cá nhân" in client.request(b + summary)[1]
    status, listed = machine.request(f"{b}/api/v1/awards/?year=2025", headers=api)
    assert status == 200 and created in [row["id"] for row in json.loads(listed)["results"]]

    # an idempotency key used on A is honoured on B: one award
    adhoc = json.dumps({**award, "kind": "DOT_XUAT", "achievement": "Cứu hộ"}).encode()
    keyed = {**api, "Idempotency-Key": "scale-out-1"}
    first = machine.request(f"{a}/api/v1/awards/", adhoc, headers=keyed)
    second = machine.request(f"{b}/api/v1/awards/", adhoc, headers=keyed)
    assert first[0] == second[0] == 201 and json.loads(first[1])["id"] == json.loads(second[1])["id"]

    # log-in failures counted on A lock the pair on B too
    intruder = Browser()
    for _ in range(5):
        intruder.log_in(a, "canbo.a", "sai-mat-khau")
    assert intruder.log_in(b, "canbo.a", PASSWORD) == 429

    # logging out on B ends the session on A
    _, home = client.request(f"{b}/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', home)
    logout_token = token.group(1) if token else next(c.value for c in client.jar if c.name == "csrftoken")
    assert client.request(f"{b}/dang-xuat/", {"csrfmiddlewaretoken": logout_token},
                          headers={"Referer": f"{b}/"})[0] == 302  # fmt: skip
    assert client.request(f"{a}/")[0] == 302
