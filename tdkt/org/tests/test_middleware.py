"""The read-only scope memo: a page asks about the same unit many times and the database once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tdkt.org import services
from tdkt.org.policies import person_policy, unit_policy
from tdkt.org.scoping import read_only_memo
from tdkt.org.tests.factories import client_for


def test_within_a_read_only_request_each_question_is_asked_once(org):
    with read_only_memo(), CaptureQueriesContext(connection) as queries:
        answers = [unit_policy.can(org.officer_a, action, org.a11) for action in ("view", "change", "delete")]
        answers += [person_policy.can(org.officer_a, "transfer", org.person_a11)]
    assert answers == [True, True, False, True]
    assert len(queries) == 2  # the ancestors of a11 and the officer's roles


def test_the_memo_gives_the_same_answers_as_the_database(org):
    actors = [org.admin, org.commander, org.officer_a, org.officer_a1, org.officer_b, org.viewer_a, org.outsider]
    units = [org.root, org.a, org.a1, org.a11, org.b, org.b1, org.c]
    actions = list(unit_policy.actions)
    direct = [unit_policy.can(actor, action, unit) for actor in actors for unit in units for action in actions]
    with read_only_memo():
        memo = [unit_policy.can(actor, action, unit) for actor in actors for unit in units for action in actions]
    assert memo == direct and True in direct and False in direct


def test_outside_a_read_only_request_a_new_grant_counts_at_once(org):
    assert not unit_policy.can(org.officer_b, "change", org.a1)
    services.role_grant(actor=None, user=org.officer_b, unit=org.a, role="CAN_BO_TDKT")
    assert unit_policy.can(org.officer_b, "change", org.a1)


def test_pages_use_the_memo_and_writes_do_not(org, monkeypatch):
    from tdkt.org import scoping

    seen = []
    original = scoping.actor_holds_role_over
    monkeypatch.setattr(
        scoping, "actor_holds_role_over", lambda *a: seen.append(scoping._memo.get() is not None) or original(*a)
    )
    client = client_for(org.officer_a)
    assert client.get(f"/quan-nhan/{org.person_a.pk}/").status_code == 200
    assert seen and all(seen)
    seen.clear()
    client.post(f"/quan-nhan/{org.person_a.pk}/sua/", {"full_name": ""})
    assert seen and not any(seen)
