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
