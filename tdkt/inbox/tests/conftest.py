import importlib

import pytest
from django.apps import apps

from tdkt.nominations.tests.conftest import build_flow


@pytest.fixture(autouse=True)
def default_calendar(db):
    """The default calendar of migration inbox/0002, restored when a live-server test's flush emptied the table."""
    from tdkt.inbox.models import Deadline

    if not Deadline.objects.exists():
        importlib.import_module("tdkt.inbox.migrations.0002_default_calendar").seed(apps, None)


@pytest.fixture
def flow(org):
    return build_flow(org)
