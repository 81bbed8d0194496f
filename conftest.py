import pytest

from eduguard.core.rules import clear_cache
from eduguard.core.testing import build_world
from eduguard.health.services import tallies


@pytest.fixture(autouse=True)
def fresh_caches():
    """Per-process caches (rules, known tally rows) must not carry over between tests' databases."""
    clear_cache()
    tallies.forget()
    yield
    clear_cache()
    tallies.forget()


@pytest.fixture
def world(db):
    return build_world()
