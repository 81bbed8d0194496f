import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`committed(fn, ...)` calls fn and then runs what it left for after the commit (cluster
    detection runs then), as a real request's transaction would."""

    def call(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return call
