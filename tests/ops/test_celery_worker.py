"""A real Celery worker against Redis and PostgreSQL (`make test-ops`; issue 13 §5).

The worker is a subprocess consuming every declared queue, as deploy/run-prod.sh starts it. It and
this test share a database of their own, migrated for the test and dropped after it, that the test
writes to with real commits (no test transaction): the worker sees what the test wrote and the test
sees what the worker wrote. The test sends a reminder run, cluster detection (after a class check,
and the nightly sweep), a roster import and the evening briefing through `.delay()` /
`apply_async`, then polls the database for their effects.

Run it: DATABASE_URL=postgres://… REDIS_URL=redis://… pytest -p no:xdist -m worker
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
import redis
from celery.result import AsyncResult, EagerResult
from django.conf import settings
from django.db import connections
from django.utils import timezone

from eduguard.celery import app

pytestmark = pytest.mark.worker

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30  # seconds for all four kinds of work, worker start-up included


def wait_for(what: str, check, log: Path):
    """Poll the database until `check()` is truthy; on timeout fail with the worker's log."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"the worker did not {what} within {TIMEOUT} s; its log:\n{log.read_text()[-4000:]}")


@pytest.fixture
def worker_db(django_db_blocker, tmp_path):
    """`<name>_worker` next to DATABASE_URL's database, migrated; this process's connection uses it
    for the test (the test database of pytest-django is not involved: nothing here is rolled back)."""
    conn = connections["default"]
    if conn.vendor != "postgresql":
        pytest.fail("the worker test needs PostgreSQL: DATABASE_URL=postgres://… (make test-ops)")
    params = conn.settings_dict
    base, name = params["NAME"], f"{params['NAME']}_worker"
    server = {"host": params["HOST"] or "127.0.0.1", "port": params["PORT"] or 5432, "user": params["USER"]}
    auth = f"{params['USER']}:{params['PASSWORD']}" if params["PASSWORD"] else params["USER"]
    url = f"postgres://{auth}@{server['host']}:{server['port']}/{name}"
    with psycopg.connect(dbname="postgres", password=params["PASSWORD"], autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            # --skip-checks: the system checks are `make check`'s business, not what this proves.
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--skip-checks", "-v", "0"],
                cwd=ROOT,
                env={**os.environ, "DATABASE_URL": url, "EDUGUARD_DATA_DIR": str(tmp_path)},
                check=True,
                timeout=300,
            )
            with django_db_blocker.unblock():
                connections.close_all()
                params["NAME"] = name
                try:
                    yield url
                finally:
                    connections.close_all()
                    params["NAME"] = base
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def broker():
    """Redis from REDIS_URL, emptied of our queues; this process sends to it instead of running inline."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.fail("the worker test needs Redis: REDIS_URL=redis://…")
    client = redis.Redis.from_url(url)
    client.delete(*settings.EDUGUARD_QUEUES)  # what an interrupted earlier run left
    yield url
    client.delete(*settings.EDUGUARD_QUEUES)
    client.close()


class Sending:
    """Inside it, `.delay()` goes to the broker (as with CELERY_BROKER_URL set), not inline."""

    def __init__(self, url: str):
        self.url = url

    def __enter__(self):
        self.saved = app.conf.task_always_eager, app.conf.broker_url
        app.conf.task_always_eager, app.conf.broker_url = False, self.url
        self.drop_connections()  # an earlier test in this process may have opened them elsewhere

    def __exit__(self, *exc):
        app.conf.task_always_eager, app.conf.broker_url = self.saved
        self.drop_connections()

    @staticmethod
    def drop_connections():
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None


@pytest.fixture
def worker(worker_db, broker, tmp_path):
    """`celery worker` on every declared queue, prefork with one process (time limits apply)."""
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": worker_db,
        "CELERY_BROKER_URL": broker,
        "EDUGUARD_DATA_DIR": str(tmp_path),
        "CELERY_SKIP_CHECKS": "1",  # `make check` runs them; the worker starts a second sooner
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "eduguard",
        "worker",
        "-Q",
        ",".join(settings.EDUGUARD_QUEUES),
    ]
    command += ["--pool=prefork", "-c", "1", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    command += ["-n", f"test-{os.getpid()}@%h", "--loglevel=INFO"]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process, log
    finally:
        process.send_signal(signal.SIGTERM)  # warm shutdown: finish the task in hand, then exit
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            pytest.fail(f"the worker did not stop on SIGTERM; its log:\n{log.read_text()[-4000:]}")


def test_a_real_worker_runs_reminders_clusters_an_import_and_the_briefing(worker, broker):
    from eduguard.briefing.models import FiledBriefing
    from eduguard.briefing.tasks import file_day
    from eduguard.core.models import RuleValue
    from eduguard.core.testing import build_world, make_person
    from eduguard.health.services.checks import Finding, file_check
    from eduguard.health.tasks import send_due_reminders
    from eduguard.notify.models import Message
    from eduguard.org.models import ImportJob, Person
    from eduguard.org.roster.importer import create_import_job
    from eduguard.org.roster.tasks import run_import_job
    from eduguard.org.roster.testing import csv_bytes, staff_row, student_row
    from eduguard.response.models import Incident
    from eduguard.response.tasks import detect_clusters

    process, log = worker
    today = timezone.localdate()
    # Written (and committed) while tasks still run inline: the world, a reminder due since midnight.
    world = build_world()
    RuleValue.objects.create(name="health.reminder_times", value=["00:00"], effective_from=today)
    klass = world.classes["S1C1"]
    make_person(world.schools["S1"], klass, name="生甲")
    roster = csv_bytes([student_row("TS2", 1), staff_row("TS2", 2)])
    job = create_import_job(
        user=world.admin, file_name="r.csv", data=roster, skip_invalid=False, dry_run=False
    )

    with Sending(broker):
        sent = [
            send_due_reminders.delay(),
            run_import_job.delay(job.pk),
            file_day.delay(world.county.pk, today.isoformat()),
        ]
        # A class check with three fevers: its commit sends the per-school detection to the worker;
        # the nightly sweep after it finds the same cluster and must merge into it.
        findings = [Finding(person=p, temperature="38.2", symptoms=["fever"]) for p in klass.people.all()]
        file_check(school_class=klass, day=today, session="morning", findings=findings, actor=world.admin)
        sent.append(detect_clusters.apply_async((None, "today"), queue="maintenance"))  # as beat sends it
    assert all(isinstance(r, AsyncResult) and not isinstance(r, EagerResult) for r in sent)
    assert process.poll() is None, log.read_text()

    reminded = wait_for(
        "send the reminders",
        lambda: Message.objects.filter(kind="health.reminder", status="sent").count(),
        log,
    )
    assert reminded >= 1
    job = wait_for(
        "finish the import",
        lambda: ImportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).first(),
        log,
    )
    assert (job.status, job.created_count, job.message) == ("done", 2, "导入完成：新增 2，更新 0，未变 0。")
    assert set(
        Person.objects.filter(school__code="TS2", name__in=["学生1", "教师2"]).values_list("name", flat=True)
    ) == {
        "学生1",
        "教师2",
    }
    filed = wait_for(
        "file the briefing",
        lambda: FiledBriefing.objects.filter(county=world.county, date=today, status="done").first(),
        log,
    )
    assert bytes(filed.docx)[:2] == b"PK" and filed.markdown.startswith(f"# {filed.title}")
    incident = wait_for(
        "detect the cluster",
        lambda: Incident.objects.filter(source="cluster", scope_id=klass.pk).first(),
        log,
    )
    assert incident.cases.count() == 3
    sweep = sent[-1].id  # the sweep ran after the per-school run (one process, in order): it merged
    wait_for("run the sweep", lambda: f"[{sweep}] succeeded" in log.read_text(), log)
    assert Incident.objects.filter(source="cluster").count() == 1
    # Each message reached one queue and ran once.
    text = log.read_text()
    assert [text.count(f"[{r.id}] received") for r in sent] == [1] * len(sent), text[-4000:]
    assert process.poll() is None
