"""Celery discovers `<app>.tasks`; the roster import task lives with the roster code."""

from eduguard.org.roster.tasks import run_import_job

__all__ = ["run_import_job"]
