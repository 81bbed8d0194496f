"""Back up the whole database to one file, and restore such a file into an empty database
(docs/deployment.md, "Backup and restore").

SQLite: SQLite's online backup API (Python's sqlite3.Connection.backup) copies a consistent
snapshot page by page while the server keeps running; the backup is itself a SQLite database.
PostgreSQL: `pg_dump --format=custom`, restored by `pg_restore` in one transaction; both must be
of the server's major version or newer.

Neither holds the keys: ID numbers, phones and addresses are encrypted with EDUGUARD_FIELD_KEY,
which is backed up separately; a restore read with another key cannot decrypt them.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(RuntimeError):
    """The backup or restore could not be made: the message says why; nothing was changed."""


def _pg_env(settings_dict: dict) -> dict:
    """libpq's variables for the connection (the password never appears on a command line)."""
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    env["PGDATABASE"] = settings_dict["NAME"]
    if settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings_dict["OPTIONS"]["sslmode"]
    return env


def _pg_tool(name: str, server_version: int) -> str:
    """The path of pg_dump or pg_restore, refused when older than the server (it cannot read it)."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    major = int(re.search(r"\)\s+(\d+)", out).group(1))  # "pg_dump (PostgreSQL) 15.20 (Debian …)"
    if major < server_version // 10000:
        raise BackupError(
            f"{name} {major} is older than the server ({server_version // 10000}): install a newer client"
        )
    return path


def _run(cmd: list[str], env: dict) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} failed: {done.stderr.strip() or done.returncode}")


def backup(out: Path, alias: str = "default") -> str:
    """Write a backup of database `alias` to `out` (written beside it, then renamed into place so a
    failed run never leaves a half file under the name). Returns the engine: sqlite or postgresql."""
    connection = connections[alias]
    out = Path(out)
    if not out.parent.is_dir():
        raise BackupError(f"no such directory: {out.parent}")
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        connection.ensure_connection()
        pg_dump = _pg_tool("pg_dump", connection.pg_version)
        cmd = [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"]
        _run(cmd, _pg_env(connection.settings_dict))
    else:
        raise BackupError(f"backups of {connection.vendor} are not supported")
    os.replace(partial, out)
    return connection.vendor


def _kind(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not an EduGuard backup (neither a SQLite database nor a pg_dump archive)")


def restore(path: Path, alias: str = "default") -> int:
    """Restore the backup `path` into database `alias`, which must be empty (no tables): a
    restore never overwrites data. Returns the number of tables restored.

    1. Check the file is a backup of the same engine as the database.
    2. Refuse a database that has any table.
    3. SQLite: copy it in with the backup API; PostgreSQL: pg_restore in one transaction.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no such file: {path}")
    connection = connections[alias]
    kind = _kind(path)
    if kind != connection.vendor:
        raise BackupError(f"{path} is a {kind} backup; the database ({alias}) is {connection.vendor}")
    with connection.cursor() as cursor:
        if connection.introspection.table_names(cursor):
            raise BackupError(
                f"the database {connection.settings_dict['NAME']} is not empty: restore into a new, empty database"
            )
    if kind == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is damaged (PRAGMA quick_check)")
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        pg_restore = _pg_tool("pg_restore", connection.pg_version)
        env = _pg_env(connection.settings_dict)
        connection.close()  # pg_restore works in its own session
        cmd = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        _run([*cmd, f"--dbname={env['PGDATABASE']}", str(path)], env)
    with connection.cursor() as cursor:
        return len(connection.introspection.table_names(cursor))
