import pytest

from tdkt.nominations.tests.conftest import build_flow


@pytest.fixture
def flow(org):
    return build_flow(org)
