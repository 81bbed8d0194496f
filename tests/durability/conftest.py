"""Durability tests: real processes (gunicorn, `import-roster`, delivery workers) against a committed
PostgreSQL database of their own, killed with SIGKILL mid-run (`make test-ops`).

A test gets a scratch database cloned from a template migrated once per session (CREATE DATABASE …
TEMPLATE takes a fraction of a second; `migrate` takes ~12 s). The finalizers kill every process
group a test started and drop every database it made, pass or fail. Each test's figures are
printed (past pytest's capture) and kept in var/durability.json for the record.
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg
import pytest

from bench.common import ROOT, start_gunicorn

FIGURES = ROOT / "var" / "durability.json"


@pytest.fixture(scope="session")
def pg_server():
    """The PostgreSQL server of DATABASE_URL: its connection parameters and the database name
    the scratch databases are named after (`<name>_tmpl`, `<name>_reports`, …)."""
    parsed = dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://"))
    if parsed["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("the durability tests need PostgreSQL: DATABASE_URL=postgres://… (make test-ops)")
    params = {
        "host": parsed["HOST"] or "127.0.0.1",
        "port": parsed["PORT"] or 5432,
        "user": parsed["USER"],
        "password": parsed["PASSWORD"],
    }
    return {"params": params, "base": parsed["NAME"]}


def _admin(pg_server, sql: str) -> None:
    with psycopg.connect(**pg_server["params"], dbname="postgres", autocommit=True) as conn:
        conn.execute(sql)


def _url(pg_server, name: str) -> str:
    p = pg_server["params"]
    auth = p["user"] + (f":{p['password']}" if p["password"] else "")
    return f"postgres://{auth}@{p['host']}:{p['port']}/{name}"


def _env(url: str, data_dir: Path) -> dict:
    data_dir.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DATABASE_URL": url,
        "EDUGUARD_DATA_DIR": str(data_dir),
        "EDUGUARD_TESTING": "1",  # the fast password hasher for the seeded accounts
        "DJANGO_SETTINGS_MODULE": "eduguard.settings",
        "PYTHONPATH": str(ROOT),
    }


@pytest.fixture(scope="session")
def template_db(pg_server, tmp_path_factory):
    """A migrated database the scratch databases are copied from; dropped at the end of the session."""
    name = f"{pg_server['base']}_tmpl"
    _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(pg_server, f'CREATE DATABASE "{name}"')
    try:
        env = _env(_url(pg_server, name), tmp_path_factory.mktemp("template"))
        # --skip-checks: the system checks are `make check`'s business, not what these tests prove.
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--skip-checks", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
        )
        yield name
    finally:
        _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class ScratchDatabase:
    """One test's committed database, with the environment for processes that use it."""

    def __init__(self, pg_server, name: str, data_dir: Path):
        self.params = {**pg_server["params"], "dbname": name}
        self.name = name
        self.env = _env(_url(pg_server, name), data_dir)

    def rows(self, sql: str, *params) -> list[tuple]:
        with psycopg.connect(**self.params, autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()

    def value(self, sql: str, *params):
        return self.rows(sql, *params)[0][0]

    def command(self, *args: str, timeout: float = 120) -> dict:
        """Run tests.durability.commands with `args` to the end; its JSON answer."""
        done = subprocess.run(
            [sys.executable, "-m", "tests.durability.commands", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def other_backends(self) -> list[tuple]:
        """(pid, backend_xid, query) of every other connection to this database."""
        return self.rows(
            "SELECT pid, backend_xid::text, query FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            self.name,
        )


@pytest.fixture
def database(request, pg_server, template_db, tmp_path):
    """A fresh copy of the template, named after the test's module (`<name>_reports`, …)."""
    name = f"{pg_server['base']}_{request.module.__name__.rsplit('_', 1)[-1]}"
    _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(pg_server, f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
    try:
        yield ScratchDatabase(pg_server, name, tmp_path / "data")
    finally:
        _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Processes:
    """Processes a test starts, each in a process group of its own, so that SIGKILL reaches a
    gunicorn master and its workers at once."""

    def __init__(self):
        self.started: list[subprocess.Popen] = []

    def start(self, args: list[str], env: dict, **kwargs) -> subprocess.Popen:
        process = subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True, **kwargs)
        self.started.append(process)
        return process

    def gunicorn(self, port: int, env: dict) -> subprocess.Popen:
        process = start_gunicorn(port, "-w 2", env=env, own_group=True, wait=120)
        self.started.append(process)
        return process

    @staticmethod
    def kill(process: subprocess.Popen, wait: float = 10) -> None:
        """SIGKILL the process's whole group; return once the group is gone."""
        # Only a group that is still ours: a running process, or the workers of a reaped master
        # (a group id is not handed out again while any process of the group lives).
        if process.poll() is None or _group_alive(process.pid):
            with contextlib.suppress(ProcessLookupError):  # ended meanwhile
                os.killpg(process.pid, signal.SIGKILL)
        process.wait(wait)
        deadline = time.monotonic() + wait
        while _group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.02)

    def stop_all(self) -> None:
        for process in self.started:
            self.kill(process)


def _group_alive(pgid: int) -> bool:
    """Whether a process of group `pgid` still runs (zombies waiting for their reaper do not)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone while we looked
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


@pytest.fixture
def processes():
    tracked = Processes()
    try:
        yield tracked
    finally:
        tracked.stop_all()


@pytest.fixture
def figures(request, capsys):
    """A dict the test fills with its figures: printed at the end and merged into var/durability.json."""
    found: dict = {}
    yield found
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    try:
        kept = json.loads(FIGURES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = {}
    report = getattr(request.node, "call_report", None)
    kept[request.node.name] = {"passed": bool(report and report.passed), **found}
    FIGURES.write_text(json.dumps(kept, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with capsys.disabled():
        print(f"\n{request.node.name}: " + json.dumps(found, ensure_ascii=False))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep the test's outcome on the item, for `figures`."""
    outcome = yield
    if call.when == "call":
        item.call_report = outcome.get_result()


@pytest.fixture
def free_port() -> int:
    """A loopback TCP port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
