"""The leak test's records fixture (records.py), for test_leaks.py."""

from eduguard.core.tests.leaks.records import records  # noqa: F401
