"""The per-class daily tally under concurrent submissions (services.reports, services.tallies).

Many clients, each on its own database connection, submit reports for the people of ONE class
at the same moment, through the service the API uses: first reports racing for the same person,
and replacements that flip abnormal, fever and on-time back and forth. Afterwards the class's
tally must equal a COUNT over its reports. On PostgreSQL the threads really run at once; SQLite
takes one writer at a time, so there each submission holds a lock (the same interleaving of
clients and connections, one write at a time, as SQLite itself would order them).
"""

import contextlib
import datetime as dt
import random
import threading

import pytest
from django.db import connection, connections
from django.db.models import Count, Q
from django.utils import timezone

from eduguard.core.testing import build_world, make_person
from eduguard.health.models import DailyReport, DailyReportRevision, DailyTally, FollowUp
from eduguard.health.services.reports import submit_report

CLIENTS = 16
PEOPLE = 12  # in one class, the two of build_world included


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_class_tally_equal_to_a_count_of_its_reports_under_concurrent_submissions():
    w = build_world()
    klass, school = w.classes["S1C1"], w.schools["S1"]
    people = [w.people["S1C1A"], w.people["S1C1B"]]
    people += [make_person(school, klass, name=f"锤{n:02d}") for n in range(PEOPLE - 2)]
    day = timezone.localdate()
    morning, evening = (timezone.make_aware(dt.datetime.combine(day, dt.time(h))) for h in (8, 19))
    serial = contextlib.nullcontext() if connection.vendor == "postgresql" else threading.Lock()
    start, errors = threading.Barrier(CLIENTS), []

    def client(n: int) -> None:
        rng = random.Random(n)
        order = people[:]
        rng.shuffle(order)
        try:
            start.wait()
            for person in order:
                feverish = rng.random() < 0.4
                data = {"temperature": "38.4" if feverish else "36.5"}
                if rng.random() < 0.2:
                    data["symptoms"] = ["cough"]
                with serial:
                    submit_report(
                        person=person,
                        day=day,
                        data=data,
                        reporter_kind="guardian",
                        source="api",
                        now=evening if rng.random() < 0.3 else morning,
                    )
        except Exception as exc:  # noqa: BLE001 - reported below with the client's number
            errors.append(f"client {n}: {type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []

    reports = DailyReport.objects.filter(date=day, unit=f"c{klass.id}")
    counted = reports.aggregate(
        reported=Count("id"),
        on_time=Count("id", filter=Q(on_time=True)),
        abnormal=Count("id", filter=Q(abnormal=True)),
        fever=Count("id", filter=Q(fever=True)),
    )
    tally = DailyTally.objects.get(date=day, unit=f"c{klass.id}")
    kept = {k: getattr(tally, k) for k in counted}
    assert kept == counted
    assert tally.expected == tally.reported == PEOPLE
    # The race was real: people were replaced many times over, and the history kept each.
    revisions = sum(reports.values_list("revision", flat=True))
    assert revisions > 3 * PEOPLE
    assert DailyReportRevision.objects.filter(report__in=reports).count() == revisions - PEOPLE
    # Follow-ups are open exactly where the report is abnormal now.
    assert set(FollowUp.objects.filter(status="open").values_list("report_id", flat=True)) == set(
        reports.filter(abnormal=True).values_list("id", flat=True)
    )
