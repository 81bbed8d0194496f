import pytest
from django.conf import settings
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from eduguard.core.rules import clear_cache
from eduguard.core.testing import build_world
from eduguard.health.services import tallies

# Property tests draw the same examples on every run (CI is reproducible) and keep no example
# database in the work tree (.hypothesis/); no per-example deadline on a shared 2-core machine.
# `pytest --hypothesis-profile=explore` draws fresh random examples, more of them.
hypothesis_settings.register_profile("eduguard", derandomize=True, database=None, deadline=None)
hypothesis_settings.register_profile("explore", max_examples=1000, database=None, deadline=None)
hypothesis_settings.load_profile("eduguard")


@pytest.fixture(autouse=True)
def fresh_caches():
    """Per-process caches (rules, known tally rows) must not carry over between tests' databases,
    nor the shared cache's counters (request rate limits, DRF throttles, link attempts)."""
    clear_cache()
    tallies.forget()
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):  # never flush a shared Redis
        cache.clear()
    yield
    clear_cache()
    tallies.forget()


@pytest.fixture
def world(db):
    return build_world()
