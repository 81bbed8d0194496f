"""Monthly partitions of the daily reports on PostgreSQL (docs/performance.md, "Data layout").

`health_dailyreport` is partitioned by range of `date`: one partition a month, named
`health_dailyreport_pYYYY_MM`, and a DEFAULT partition that takes a report no month holds yet, so
an insert never fails. Every hot query names the day, so PostgreSQL reads one month's partition
and its indexes, and a year of reports can be detached or archived a month at a time.

`ensure_partitions` creates the coming months ahead of time and moves any rows that fell into
DEFAULT into the month created for them. Celery beat runs it monthly (health.tasks), `migrate`
after every run (health.apps), `eduguard partitions` by hand. The table is partitioned by the
migration 0008_partition_reports; on SQLite it stays a plain table and there is nothing to do.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.utils import timezone

TABLE = "health_dailyreport"
DEFAULT = f"{TABLE}_default"
AHEAD = 3  # months created ahead of the current one
BEHIND = 1  # and behind it: late reports of last month (health.max_backdate_days) have a home
# pg_advisory_xact_lock key: two runs at once (beat and a migrate) create each month once.
_LOCK = 0x6564_7567_7061_7274  # "edugpart"
_FROM = re.compile(r"FROM \('(\d{4}-\d{2}-\d{2})'\)")


@dataclass
class Outcome:
    created: list[str] = field(default_factory=list)  # partition names, oldest month first
    moved: int = 0  # rows moved out of DEFAULT into a month created for them


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    q, r = divmod(month.month - 1 + n, 12)
    return dt.date(month.year + q, r + 1, 1)


def partition_name(month: dt.date) -> str:
    return f"{TABLE}_p{month:%Y_%m}"


def is_partitioned(using: str = "default") -> bool:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [TABLE])
        return cursor.fetchone() is not None


def ensure_partitions(
    ahead: int = AHEAD, today: dt.date | None = None, using: str = "default"
) -> Outcome | None:
    """Create the month partitions from BEHIND months before `today`'s to `ahead` after it, and
    one for every month with rows in DEFAULT, moving those rows in. Idempotent. None when the
    table is not partitioned (SQLite).

    1. Take the advisory lock, so concurrent runs do not race to create the same month.
    2. Read the months the partitions already cover, and the months of the rows in DEFAULT.
    3. For each month wanted and not covered: take its rows out of DEFAULT into a temporary
       table, create the partition (PostgreSQL checks that DEFAULT holds none of its rows),
       and insert the rows back through the parent, which routes them to the new month.
    """
    if ahead < 0:
        raise ValueError("ahead must be 0 or more")
    if not is_partitioned(using):
        return None
    first = month_of(today or timezone.localdate())
    outcome = Outcome()
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        covered, has_default = _covered(cursor)
        if not has_default:
            cursor.execute(f"CREATE TABLE {DEFAULT} PARTITION OF {TABLE} DEFAULT")
        cursor.execute(f"SELECT DISTINCT date_trunc('month', date)::date FROM {DEFAULT}")
        stray = {row[0] for row in cursor.fetchall()}
        wanted = {add_months(first, n) for n in range(-BEHIND, ahead + 1)} | stray
        for month in sorted(wanted - covered):
            outcome.moved += _create(cursor, month, month in stray)
            outcome.created.append(partition_name(month))
    return outcome


def _covered(cursor) -> tuple[set[dt.date], bool]:
    """The first days of the months the partitions cover, and whether DEFAULT exists."""
    cursor.execute(
        "SELECT pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
        "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass",
        [TABLE],
    )
    bounds = [row[0] for row in cursor.fetchall()]
    months = {dt.date.fromisoformat(m.group(1)) for b in bounds if (m := _FROM.search(b))}
    return months, "DEFAULT" in bounds


def _create(cursor, month: dt.date, has_rows: bool) -> int:
    """Create `month`'s partition; the number of rows moved into it from DEFAULT."""
    end = add_months(month, 1)
    moved = 0
    if has_rows:
        cursor.execute(f"CREATE TEMPORARY TABLE eduguard_moving (LIKE {TABLE}) ON COMMIT DROP")
        cursor.execute(
            f"WITH gone AS (DELETE FROM {DEFAULT} WHERE date >= %s AND date < %s RETURNING *) "
            "INSERT INTO eduguard_moving SELECT * FROM gone",
            [month, end],
        )
        moved = cursor.rowcount
    # Dates come from date objects, never from input: safe to write as literals (DDL takes no
    # parameters).
    cursor.execute(
        f"CREATE TABLE {partition_name(month)} PARTITION OF {TABLE} "
        f"FOR VALUES FROM ('{month.isoformat()}') TO ('{end.isoformat()}')"
    )
    if has_rows:
        cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM eduguard_moving")
        cursor.execute("DROP TABLE eduguard_moving")
    return moved


def partition_of(report_id: int, using: str = "default") -> str | None:
    """The partition holding report `report_id` (tests and the command's report), None on SQLite."""
    if connections[using].vendor != "postgresql":
        return None
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {TABLE} WHERE id = %s", [report_id])
        row = cursor.fetchone()
    return row[0] if row else None
