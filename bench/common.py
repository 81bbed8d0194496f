"""Shared set-up for the benchmarks: a scratch database and Django configured against it."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def postgres_url(name: str) -> str | None:
    """A fresh PostgreSQL database `name` on the local server, or None when there is none."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception:  # noqa: BLE001 - no server is a normal answer here
        return None
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def setup_django(database_url: str | None) -> str:
    """Point Django at `database_url` (a fresh SQLite file when None) and set it up."""
    sys.path.insert(0, str(ROOT))
    data_dir = tempfile.mkdtemp(prefix="eduguard-bench-")
    os.environ["EDUGUARD_DATA_DIR"] = data_dir
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eduguard.settings")
    import django

    django.setup()
    return data_dir


RESULTS_ENV = "EDUGUARD_BENCH_RESULTS"


def record(
    name: str, value: float, unit: str, budget: str = "", met: bool | None = None, note: str = ""
) -> None:
    """One row of `make bench`'s closing table (appended as JSON to the file `bench` names).

    `budget` is the text of the budget ("< 100 ms", "≥ 50 % of bare"), `met` True/False, or None
    where the figure has no budget. Run alone, a benchmark just prints; the table is `make bench`'s.
    """
    import json

    row = {"name": name, "value": value, "unit": unit, "budget": budget, "met": met, "note": note}
    path = os.environ.get(RESULTS_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def start_gunicorn(
    port: int,
    server_args: str = "-w 2",
    *,
    env: dict | None = None,
    own_group: bool = False,
    wait: float = 30.0,
):
    """gunicorn serving eduguard.wsgi on 127.0.0.1:`port`, returned once /healthz answers.

    `own_group` starts it in a process group of its own, so the master and its workers can be
    killed together (os.killpg), as tests/durability does. Raises RuntimeError when it exits or
    does not answer within `wait` seconds (and stops it).
    """
    import signal
    import subprocess
    import time
    import urllib.request

    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            *server_args.split(),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "eduguard.wsgi",
        ],
        env={**(os.environ if env is None else env), "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        start_new_session=own_group,
    )
    deadline = time.monotonic() + wait
    while server.poll() is None and time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    if own_group:
        os.killpg(server.pid, signal.SIGKILL)
    else:
        server.kill()
    server.wait()
    raise RuntimeError(f"gunicorn on port {port} did not start (exit status {server.returncode})")
