"""Background work (issue 13 §5): every task names a declared queue and its time limits, every beat
entry sends a registered task to a declared queue, and with no broker each task runs inline and
does its work. The same tasks on a real worker: tests/ops/test_celery_worker.py."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from celery.exceptions import QueueNotFound
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from eduguard.celery import app

# The tasks of the issue; a task added later is held to the same rules by the walk below.
EXPECTED = {
    "health.send_due_reminders": "reminders",
    "health.open_day": "maintenance",
    "response.detect_clusters": "reminders",
    "response.escalate_overdue": "reminders",
    "notify.deliver_pending": "notify",
    "eduguard.org.roster.run_import_job": "imports",
    "briefing.file_day": "briefing",
}


def eduguard_tasks() -> dict:
    app.loader.import_default_modules()  # what the worker does: every app's tasks module
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_it_declares_the_queues_in_one_place_and_refuses_any_other():
    assert [q.name for q in app.conf.task_queues] == list(settings.EDUGUARD_QUEUES)
    # Each queue is bound to an exchange and routing key of its own (not the default queue's).
    for queue in app.amqp.queues.values():
        assert (queue.exchange.name, queue.routing_key) == (queue.name, queue.name)
    assert app.conf.task_default_queue in settings.EDUGUARD_QUEUES
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.amqp.router.route({"queue": "briefing"}, "briefing.file_day")["queue"].name == "briefing"
    with pytest.raises(QueueNotFound, match="nowhere"):
        app.amqp.router.route({"queue": "nowhere"}, "briefing.file_day")


def test_every_task_names_a_declared_queue_and_a_soft_and_a_hard_time_limit():
    tasks = eduguard_tasks()
    assert {name: tasks[name].queue for name in EXPECTED} == EXPECTED
    for name, task in tasks.items():
        assert task.queue in settings.EDUGUARD_QUEUES, name
        assert task.time_limit and task.soft_time_limit, name
        assert 0 < task.soft_time_limit < task.time_limit, name


def test_every_beat_entry_sends_a_registered_task_to_a_declared_queue():
    tasks = eduguard_tasks()
    schedule = settings.CELERY_BEAT_SCHEDULE
    for label, entry in schedule.items():
        assert entry["task"] in tasks, label
        assert entry["options"]["queue"] in settings.EDUGUARD_QUEUES, label
        if not isinstance(entry["schedule"], crontab):  # a repeating run expires before the next
            assert 0 < entry["options"]["expires"] < entry["schedule"], label
    evening = next(e for e in schedule.values() if e["task"] == "briefing.file_day")
    at = dt.time.fromisoformat(settings.EDUGUARD_BRIEFING_AT)
    assert evening["schedule"] == crontab(hour=at.hour, minute=at.minute)
    assert evening["options"]["queue"] == "briefing"


def test_the_deployed_workers_consume_every_declared_queue_once():
    deploy = Path(settings.BASE_DIR).parent / "deploy"
    for files in ([deploy / "run-prod.sh"], sorted((deploy / "systemd").glob("eduguard-worker*.service"))):
        consumed = [
            queue
            for f in files
            for listed in re.findall(r"celery -A eduguard worker .*?-Q ([\w,]+)", f.read_text())
            for queue in listed.split(",")
        ]
        assert sorted(consumed) == sorted(settings.EDUGUARD_QUEUES), files


# -- inline (no broker): each task does its work ---------------------------------------------------


def test_without_a_broker_the_tasks_run_inline():
    assert settings.CELERY_BROKER_URL == "" and app.conf.task_always_eager


def test_the_reminder_run_reminds_those_who_have_not_reported(world):
    from eduguard.core.models import RuleValue
    from eduguard.health.tasks import send_due_reminders
    from eduguard.notify.models import Message

    RuleValue.objects.create(
        name="health.reminder_times", value=["00:00"], effective_from=timezone.localdate()
    )
    send_due_reminders.delay()
    reminded = Message.objects.filter(kind="health.reminder")
    assert reminded.exists() and all(m.status == "sent" for m in reminded)
    first = Message.objects.count()
    send_due_reminders.delay()  # safe to run twice (acks_late): nothing is sent twice
    assert Message.objects.count() == first


def test_cluster_detection_and_escalation_run_inline(world):
    from eduguard.core.testing import make_person
    from eduguard.health.services.checks import Finding, file_check
    from eduguard.notify.models import Message
    from eduguard.response.models import Incident
    from eduguard.response.tasks import detect_clusters, escalate_overdue

    klass = world.classes["S1C1"]
    make_person(world.schools["S1"], klass, name="生甲")
    findings = [
        Finding(person=p, temperature="38.0", symptoms=["fever"])
        for p in klass.people.filter(category="student")
    ]
    assert len(findings) == 3
    today = timezone.localdate()
    file_check(school_class=klass, day=today, session="morning", findings=findings, actor=world.admin)
    assert not Incident.objects.exists()  # detection waits for the commit; the test does not commit
    detect_clusters.delay(None, "today")
    detect_clusters.delay(world.schools["S1"].pk, today.isoformat())  # the per-record run merges
    incident = Incident.objects.get(source="cluster")
    assert incident.cases.count() == 3

    Incident.objects.filter(pk=incident.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    escalate_overdue.delay()
    incident.refresh_from_db()
    assert incident.escalation_level == 1
    assert Message.objects.filter(kind="response.overdue").exists()


def test_delivery_sends_what_is_pending(world):
    from eduguard.notify.models import Message
    from eduguard.notify.services import enqueue
    from eduguard.notify.tasks import deliver

    enqueue(channel="console", kind="test.task", dedupe_key="k1", body="你好", name="某人")
    assert Message.objects.get(kind="test.task").status == "pending"
    deliver.delay()
    assert Message.objects.get(kind="test.task").status == "sent"


def test_the_roster_import_job_runs_inline(world):
    from eduguard.org.models import ImportJob, Person
    from eduguard.org.roster.importer import create_import_job
    from eduguard.org.roster.tasks import run_import_job
    from eduguard.org.roster.testing import csv_bytes, staff_row

    job = create_import_job(
        user=world.admin,
        file_name="r.csv",
        data=csv_bytes([staff_row("TS1", 7)]),
        skip_invalid=False,
        dry_run=False,
    )
    assert run_import_job.delay(job.pk).get() == "done"
    assert Person.objects.filter(name="教师7").exists()
    assert ImportJob.objects.get(pk=job.pk).created_count == 1


def test_the_evening_run_files_every_countys_briefing(world):
    from eduguard.briefing.models import FiledBriefing
    from eduguard.briefing.tasks import file_day

    [pk] = file_day.delay().get()
    filed = FiledBriefing.objects.get(pk=pk)
    assert (filed.county, filed.date, filed.status) == (world.county, timezone.localdate(), "done")
    assert bytes(filed.docx)[:2] == b"PK" and filed.markdown.startswith(f"# {filed.title}")


def test_a_briefing_time_that_is_not_a_time_stops_start_up():
    import subprocess
    import sys

    env = {**os.environ, "EDUGUARD_BRIEFING_AT": "8pm"}
    done = subprocess.run(
        [sys.executable, "-c", "import eduguard.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "EDUGUARD_BRIEFING_AT: not a time (HH:MM): '8pm'" in done.stderr
