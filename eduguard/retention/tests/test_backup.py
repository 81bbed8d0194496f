"""`eduguard backup` / `eduguard restore` on the database the suite runs on (SQLite or PostgreSQL):
a backup restored into an empty database gives the same row count in every table and the same
briefing byte for byte, its encrypted fields read with the same key and not with another, and a
restore into a database that is not empty is refused."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from eduguard.core import crypto
from eduguard.core.testing import build_world
from eduguard.health.services.reports import submit_report
from eduguard.retention.services.backup import BackupError, restore

TODAY = timezone.localdate()
# On PostgreSQL the round trip (pg_dump, pg_restore, a database created and dropped, the tables
# flushed after a transactional test) takes ~30 s: it runs with `make test-ops`, not in test-pg.
ON_POSTGRESQL = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
durability_on_postgresql = pytest.mark.durability if ON_POSTGRESQL else (lambda test: test)

# Run in a fresh process on the restored database: restore, count every table, write the
# briefing, read an ID number with the key, then with another key, then try to restore again.
CHECK = """
import json, sys, django
django.setup()
from django.conf import settings
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection
from eduguard.core import crypto
from eduguard.org.models import Person
backup, day, out, person_id = sys.argv[1:5]
call_command("restore", backup, verbosity=0)
with connection.cursor() as cursor:
    tables = connection.introspection.table_names(cursor)
    counts = {}
    for t in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(t)}")
        counts[t] = cursor.fetchone()[0]
call_command("briefing", date=day, format="md", out=out)
enc = Person.objects.get(pk=person_id).id_number_enc
number = crypto.decrypt(enc)
settings.EDUGUARD_FIELD_KEY = "another-key"
try:
    crypto.decrypt(enc)
    other = "decrypted"
except ValueError:
    other = "refused"
try:
    call_command("restore", backup, verbosity=0)
    again = "restored"
except CommandError as exc:
    again = str(exc)
print(json.dumps({"counts": counts, "number": number, "other_key": other, "again": again}))
"""


def _counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for t in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(t)}")
            counts[t] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def empty_database(tmp_path):
    """The URL of a new, empty database of the engine the suite runs on (dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    s = connection.settings_dict
    name = f"{s['NAME']}_restore"
    admin = {k: v for k, v in (("host", s["HOST"]), ("port", s["PORT"]), ("user", s["USER"])) if v}
    with psycopg.connect(dbname="postgres", autocommit=True, password=s["PASSWORD"] or None, **admin) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')
    auth = f"{s['USER']}:{s['PASSWORD']}@" if s["PASSWORD"] else f"{s['USER']}@"
    yield f"postgres://{auth}{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, password=s["PASSWORD"] or None, **admin) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@durability_on_postgresql
@pytest.mark.django_db(transaction=True)  # committed, so pg_dump (another session) sees it
def test_a_backup_restored_into_an_empty_database_is_the_same(tmp_path, empty_database, settings):
    w = build_world()
    day = TODAY - dt.timedelta(days=1)
    for key, temperature in (("S1C1A", "36.5"), ("S1C2A", "38.3"), ("S2TA", "36.7")):
        submit_report(
            person=w.people[key],
            day=day,
            data={"temperature": temperature},
            reporter_kind="guardian",
            source="link",
            now=timezone.make_aware(dt.datetime.combine(day, dt.time(8))),
        )
    before = tmp_path / "before.md"
    call_command("briefing", date=str(day), format="md", out=str(before), verbosity=0)
    counts = _counts()
    assert counts["health_dailyreport"] == 3 and counts["health_followup"] == 1

    backup_file = tmp_path / "eduguard.backup"
    call_command("backup", out=str(backup_file), verbosity=0)
    person = w.people["S1C1A"]
    after = tmp_path / "after.md"
    env = {
        **os.environ,
        "DATABASE_URL": empty_database,
        "EDUGUARD_DATA_DIR": str(tmp_path / "data"),
        "EDUGUARD_FIELD_KEY": settings.EDUGUARD_FIELD_KEY,
        "DJANGO_SETTINGS_MODULE": "eduguard.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(backup_file), str(day), str(after), str(person.pk)],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    restored = json.loads(done.stdout.splitlines()[-1])
    assert restored["counts"] == counts
    assert after.read_bytes() == before.read_bytes()
    assert restored["number"] == crypto.decrypt(person.id_number_enc)
    assert restored["other_key"] == "refused"
    assert "is not empty" in restored["again"]


def test_restore_refuses_what_is_not_a_backup_or_a_database_that_is_not_empty(db, tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a backup at all")
    with pytest.raises(BackupError, match="not an EduGuard backup"):
        restore(junk)
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "missing.backup"))
    other = tmp_path / "other.backup"
    other.write_bytes(b"PGDMP" if connection.vendor == "sqlite" else b"SQLite format 3\x00")
    with pytest.raises(BackupError, match="backup; the database"):
        restore(other)
    with pytest.raises(CommandError, match="no such directory"):
        call_command("backup", out=str(tmp_path / "nowhere" / "x.backup"))
