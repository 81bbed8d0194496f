"""The daily reports' month partitions (services.partitions, migration 0008_partition_reports).

On PostgreSQL the table is partitioned by month and every writer (the API's fast path, the ORM
replacement, the demo's COPY) lands its rows in the month's partition; a report no month holds
yet goes to DEFAULT until `eduguard partitions` creates its month and moves it. On SQLite the
table is plain and the same calls do nothing, which these tests assert too.
"""

import datetime as dt
import io
import random
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from eduguard.audit.services import change_entry
from eduguard.health import tasks
from eduguard.health.demo_reports import _insert, _Maker
from eduguard.health.models import DailyReport, FollowUp
from eduguard.health.services import ingest, partitions, tallies
from eduguard.health.services.partitions import (
    DEFAULT,
    add_months,
    ensure_partitions,
    month_of,
    partition_name,
    partition_of,
)
from eduguard.health.services.reports import _complete, _fill, submit_report

FAR = dt.date(2031, 5, 6)  # no partition covers it until the command creates one


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def month(day: dt.date) -> str | None:
    """The partition a report of `day` should be in: None on SQLite."""
    return partition_name(month_of(day)) if on_postgresql() else None


def test_it_partitions_the_reports_by_month_on_postgresql_only(db):
    assert partitions.is_partitioned() is on_postgresql()
    if not on_postgresql():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'health_dailyreport'::regclass"
        )
        assert cursor.fetchone() == ("r",)
        cursor.execute(
            "SELECT array_agg(a.attname ORDER BY a.attname) FROM pg_index i JOIN pg_attribute a "
            "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
            "WHERE i.indrelid = 'health_dailyreport'::regclass AND i.indisprimary"
        )
        assert cursor.fetchone() == (["date", "id"],)
        cursor.execute("SELECT pg_get_serial_sequence('health_dailyreport', 'id')")
        assert cursor.fetchone() == ("public.health_dailyreport_id_seq",)
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'health_dailyreport'::regclass"
        )
        names = {row[0] for row in cursor.fetchall()}
    this = month_of(timezone.localdate())
    assert {partition_name(add_months(this, n)) for n in range(-1, 4)} | {DEFAULT} <= names


def test_it_puts_every_writers_reports_in_their_months_partition(world):
    today = timezone.localdate()
    a, b, c, d = (world.people[k] for k in ("S1C1A", "S1C1B", "S1C2A", "S1C2B"))

    # The API's fast path (a token holder's JSON report): one statement on PostgreSQL.
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=world.parent)[0].key}")
    answer = api.post(
        "/api/v1/daily-reports/",
        {"person": a.id, "date": today.isoformat(), "temperature": 36.6},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    first = DailyReport.objects.get(pk=answer.json()["id"])
    assert partition_of(first.pk) == month(today)
    assert first.county_id == a.county_id

    # The ORM's replacement (select_for_update, save) of the same report: same row, same month.
    replaced, created = submit_report(
        person=a, day=today, data={"temperature": "38.2"}, reporter_kind="guardian", source="link"
    )
    assert not created and replaced.pk == first.pk and replaced.revision == 2 and replaced.fever
    assert partition_of(first.pk) == month(today)
    assert FollowUp.objects.get(report=replaced).status == "open"

    # The ORM insert (SQLite's writer), called directly on either database.
    yesterday = today - dt.timedelta(days=1)
    tallies.ensure_tallies(yesterday)
    report = _filled(DailyReport(person=b, date=yesterday), b)
    change = change_entry(actor=None, source="web", action="create", obj=report, before=None, after={})
    assert ingest._insert_with_orm(report, None, change)
    assert partition_of(report.pk) == month(yesterday)
    assert DailyReport.objects.get(pk=report.pk).county_id == b.county_id

    # The demo's bulk writer: COPY on PostgreSQL, executemany on SQLite.
    maker = _Maker(random.Random(1), today)
    rows = [
        maker.report(day, p.id, p.category, p.school_id, p.school_class_id, p.county_id)
        for p, day in ((c, today), (d, today - dt.timedelta(days=2)))
    ]
    _insert(rows)
    for p, day in ((c, today), (d, today - dt.timedelta(days=2))):
        copied = DailyReport.objects.get(person=p, date=day)
        assert copied.county_id == p.county_id
        assert partition_of(copied.pk) == month(day)
    assert DailyReport.objects.count() == 4


def _filled(report, person):
    answers = _complete({"temperature": Decimal("36.5")})
    _fill(report, person, answers, [], False, "guardian", "link", None, timezone.now())
    return report


def test_it_creates_partitions_once_however_often_it_runs(db):
    first = ensure_partitions(ahead=6)
    again = ensure_partitions(ahead=6)
    out = io.StringIO()
    call_command("partitions", "--ahead", "6", stdout=out)
    tasks.ensure_partitions.apply().get()  # the beat task, run eagerly
    if not on_postgresql():
        assert first is None and again is None
        assert "nothing to do" in out.getvalue() and "SQLite" in out.getvalue()
        return
    this = month_of(timezone.localdate())
    assert first.created == [partition_name(add_months(this, n)) for n in (4, 5, 6)]
    assert (again.created, again.moved) == ([], 0)
    assert out.getvalue().startswith("nothing to do")


def test_it_moves_a_report_out_of_default_when_its_month_is_created(world):
    person = world.people["S2C1A"]
    report = DailyReport.objects.create(
        person=person,
        date=FAR,
        unit="c0",
        temperature="38.0",
        reporter_kind="self",
        source="web",
        submitted_at=timezone.now(),
        abnormal=True,
        fever=True,
    )
    FollowUp.objects.create(report=report, reasons=["体温≥发热阈值"])
    assert report.county_id == person.county_id  # filled on save
    if not on_postgresql():
        assert partition_of(report.pk) is None and ensure_partitions() is None
        return
    assert partition_of(report.pk) == DEFAULT
    out = io.StringIO()
    call_command("partitions", "--ahead", "0", stdout=out)
    assert f"created {partition_name(month_of(FAR))}" in out.getvalue()
    assert "moved 1 reports out of the DEFAULT partition" in out.getvalue()
    assert partition_of(report.pk) == partition_name(month_of(FAR))
    moved = DailyReport.objects.get(pk=report.pk)  # same id, same row, its follow-up still found
    assert (moved.person_id, moved.date, moved.fever) == (person.id, FAR, True)
    assert FollowUp.objects.get(report_id=report.pk).report == moved
    assert ensure_partitions(ahead=0).created == []


def test_it_refuses_a_negative_horizon():
    with pytest.raises(CommandError, match="--ahead"):
        call_command("partitions", "--ahead", "-1")


def test_it_is_scheduled_monthly_on_the_maintenance_queue():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "health.ensure_partitions"]
    assert len(entries) == 1 and entries[0]["options"]["queue"] == "maintenance"
    assert tasks.ensure_partitions.queue == "maintenance" and tasks.ensure_partitions.time_limit == 600
