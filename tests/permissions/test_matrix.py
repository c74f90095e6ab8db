"""The permission matrix (issue #8): every URL of the site and every operation of the API, for every role
and every position of the object relative to the actor's unit, answers what `policy.toml` says.

Endpoints are enumerated from the URL resolver and the OpenAPI schema: one missing from the policy file
fails the test, so each new endpoint must state who may use it. Each request runs inside a savepoint that
is rolled back, so a write that is allowed changes nothing for the next one. Set TDKT_MATRIX_DUMP=1 to
print the observed answers (to review a change, never to copy into the policy blindly).

Answers are not enough: every write (POST, PUT, PATCH, DELETE) is bracketed by a digest of every table of
tdkt's models (`digest.record_digest`: row counts and a hash of all columns, the audit events included), and
a write that is refused (403, 404, 405, the log-in page / 401) or that answers with a validation error (400,
or a redirect carrying only error messages) must leave every table as it was; the failure names the tables.
"""

import os
import tomllib
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from tests.permissions.digest import changed_tables, record_digest
from tests.permissions.world import POSITIONS, ROLES, build_world

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
POLICY = tomllib.loads((Path(__file__).parent / "policy.toml").read_text(encoding="utf-8"))
INSIDE = {"own", "child"}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
REFUSED = {"403", "404", "405", "login"}
SKIPPED_NAMESPACES = {"admin", "api"}  # the admin is one entry below; the API comes from its schema


def page_patterns() -> list[tuple[str, type]]:
    found = []

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                # the schema document itself is the one API URL that is not an operation of the schema
                if namespace not in SKIPPED_NAMESPACES or name == "api:schema":
                    found.append((name, getattr(pattern.callback, "view_class", None)))

    walk(get_resolver().url_patterns)
    return found


def api_operations() -> list[tuple[str, str]]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [(method.upper(), path) for path, ops in schema["paths"].items() for method in ops]


def methods_of(view_class) -> list[str]:
    return [m.upper() for m in ("get", "post") if view_class is not None and hasattr(view_class, m)]


def expected(rule_name: str, role: str, position: str) -> str:
    rule = POLICY["rules"][rule_name]
    groups = POLICY["groups"]
    allowed = set(groups.get(rule.get("allowed", ""), [rule.get("allowed", "")]))
    visible = set(groups.get(rule.get("visible", "all"), []))
    if role == "anonymous":
        return rule.get("anonymous", "login")
    if position == "-":  # no object: the rule says what a role outside `allowed` gets
        return "ok" if role in allowed or "*" in allowed else str(rule.get("denied", 403))
    if position not in INSIDE or role == "none":
        return str(rule.get("outside", 404))
    if role in allowed:
        return "ok"
    return "403" if role in visible else "404"


def outcome(response, api: bool) -> str:
    status = response.status_code
    if status == 302 and "/dang-nhap/" in response.get("Location", ""):
        return "login"
    if status == 401 or (api and status == 403 and "not_authenticated" in response.content.decode(errors="replace")):
        return "login"  # no or bad credentials
    if status in (403, 404, 405):
        return str(status)
    if status >= 500:
        return f"ERROR {status}"
    return "ok"


class Requester:
    def __init__(self, world):
        self.world = world
        self.clients, self.apis = {"anonymous": Client()}, {"anonymous": APIClient()}
        for role, user in world.users.items():
            self.clients[role] = Client()
            self.clients[role].force_login(user)
            self.apis[role] = APIClient()
            self.apis[role].force_authenticate(user)
        # every request is rolled back to this state, so one digest of it is the "before" of every write
        # (half the cost); the test checks at the end that nothing got past the savepoints
        self.baseline = record_digest()

    def send(self, role: str, method: str, url: str, api: bool) -> tuple[str, list[str]]:
        """The answer, and the tables a refused or invalid write changed (must be none)."""
        client = (self.apis if api else self.clients)[role]
        cookies = client.cookies  # a log-out (or a new session) must not leak into the next request
        client.cookies = type(cookies)(cookies)
        written: list[str] = []
        with transaction.atomic():
            sid = transaction.savepoint()
            try:
                before = self.baseline if method in WRITES else None
                if api:
                    response = client.generic(method, url, "{}", content_type="application/json")
                else:
                    response = client.get(url) if method == "GET" else client.post(url, {})
                got = outcome(response, api)
                if before is not None and (got in REFUSED or _rejected_input(response)):
                    written = changed_tables(before, record_digest())
            finally:
                transaction.savepoint_rollback(sid)
                client.cookies = cookies
        return got, written


def _rejected_input(response) -> bool:
    """A validation error: 400, or a page that redirects with error messages and no success message."""
    from django.contrib import messages

    if response.status_code == 400:
        return True
    storage = getattr(getattr(response, "wsgi_request", None), "_messages", None)
    levels = {m.level for m in getattr(storage, "_queued_messages", [])}
    return messages.ERROR in levels and messages.SUCCESS not in levels


def _kwargs(spec: dict, world, position: str) -> dict:
    kwargs = {}
    for key, value in spec.items():
        if isinstance(value, str) and value.startswith("@"):  # an object of the world at the position
            kwargs[key] = world.objects[(value[1:], position)]
        else:
            kwargs[key] = value
    return kwargs


def _positions(spec: dict) -> tuple[str, ...]:
    return POSITIONS if any(isinstance(v, str) and v.startswith("@") for v in spec.values()) else ("-",)


def test_every_endpoint_is_in_the_policy_file():
    pages = {name for name, _ in page_patterns()}
    operations = {f"{m} {p}" for m, p in api_operations()}
    missing = sorted((pages - set(POLICY["pages"])) | (operations - set(POLICY["api"])))
    stale = sorted((set(POLICY["pages"]) - pages) | (set(POLICY["api"]) - operations))
    assert missing == [], f"endpoints missing from tests/permissions/policy.toml: {missing}"
    assert stale == [], f"entries in policy.toml for endpoints that no longer exist: {stale}"
    for entry in [*POLICY["pages"].values(), *POLICY["api"].values()]:
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            if method in entry:
                assert entry[method] in POLICY["rules"], f"unknown rule {entry[method]}"


def test_every_role_and_position_gets_the_answer_of_the_policy():
    world = build_world()
    requester = Requester(world)
    mismatches, writes, observed, checked = [], [], {}, 0
    roles = [*ROLES, "none", "anonymous"]
    cases = []
    for name, view_class in page_patterns():
        entry = POLICY["pages"].get(name)
        if entry is None or entry.get("skip"):
            continue
        for method in methods_of(view_class):
            if method not in entry:
                mismatches.append(f"{method} {name}: method not in the policy file")
                continue
            cases.append((f"{method} {name}", method, entry, False, lambda kw, n=name: reverse(n, kwargs=kw)))
    for method, path in api_operations():
        entry = POLICY["api"][f"{method} {path}"]
        cases.append((f"{method} {path}", method, entry, True, lambda kw, p=path: p.format(**kw)))
    for label, method, entry, api, url_for in cases:
        spec = entry.get("kwargs", {})
        for position in _positions(spec):
            url = url_for(_kwargs(spec, world, position)) + entry.get("query", "")
            for role in roles:
                got, written = requester.send(role, method, url, api)
                want = expected(entry[method], role, position)
                observed[(label, position, role)] = got
                checked += 1
                if got != want:
                    mismatches.append(f"{label} [{position}] {role}: expected {want}, got {got}")
                if written and entry[method] != "logout":  # logging out is allowed to end the session
                    writes.append(f"{label} [{position}] {role}: answered {got} but changed {', '.join(written)}")
    if os.environ.get("TDKT_MATRIX_DUMP"):
        for key, value in sorted(observed.items()):
            print("MATRIX", *key, value)
    assert checked > 3000
    leaked = changed_tables(requester.baseline, record_digest())
    assert leaked == [], f"requests changed the record past their savepoints: {leaked}"
    report = [f"{len(mismatches)} answers differ from the policy:", *mismatches[:80]] if mismatches else []
    if writes:
        report += [f"{len(writes)} refused or invalid writes changed the record:", *writes[:80]]
    assert report == [], "\n".join(report)


def test_list_pages_and_endpoints_show_no_foreign_rows():
    world = build_world()
    foreign = [world.names[p] for p in POSITIONS if p not in INSIDE]
    mine = [world.names[p] for p in INSIDE]
    for role in [*ROLES, "none"]:
        client, api = Client(), APIClient()
        client.force_login(world.users[role])
        api.force_authenticate(world.users[role])
        for name in POLICY["lists"]["pages"]:
            html = client.get(reverse(name)).content.decode()
            leaked = [n for n in foreign if n in html]
            assert leaked == [], f"{name} shows {leaked} to {role}"
        for path in POLICY["lists"]["api"]:
            body = api.get(path, {"page_size": 500}).content.decode()
            leaked = [n for n in foreign if n in body]
            assert leaked == [], f"{path} returns {leaked} to {role}"
        if role != "none":  # and the actor's own rows are there (the check can fail)
            assert all(n in client.get(reverse("org:person_list")).content.decode() for n in mine)
            assert all(n in api.get("/api/v1/people/").content.decode() for n in mine)
