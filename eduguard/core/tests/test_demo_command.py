"""`eduguard demo`: migrate, seed an empty database, print the accounts, then serve."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

from eduguard.core.management.commands import demo as demo_command
from eduguard.org.demo import DEMO_PASSWORD
from eduguard.org.models import County, Person

ROOT = Path(__file__).resolve().parents[3]


def test_demo_on_an_empty_database_migrates_seeds_and_prints_the_accounts(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["EDUGUARD_DATA_DIR"] = str(tmp_path)  # a fresh SQLite file: nothing migrated yet
    run = subprocess.run(
        [sys.executable, "manage.py", "demo", "--no-serve", "--scale", "0.02"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "migrate" in out and "demo county loaded" in out
    assert DEMO_PASSWORD in out and "http://127.0.0.1:8000/" in out
    for username in ("admin", "leader", "principal", "banzhuren", "keren", "parent"):
        assert f"\n{username} " in out
    assert (tmp_path / "eduguard.sqlite3").exists()

    again = subprocess.run(
        [sys.executable, "manage.py", "demo", "--no-serve", "--port", "8123"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert "not seeding" in again.stdout and "http://127.0.0.1:8123/" in again.stdout
    assert "\nbanzhuren " in again.stdout


def test_demo_seeds_in_process_and_serves_on_the_port(db, capsys, monkeypatch):
    calls = []
    real = demo_command.call_command

    def fake(name, *args, **kwargs):
        if name == "runserver":
            calls.append((args, kwargs))
            return None
        return real(name, *args, **kwargs)

    monkeypatch.setattr(demo_command, "call_command", fake)
    call_command("demo", "--port", "8765", "--scale", "0.02")
    out = capsys.readouterr().out
    assert County.objects.count() == 1 and Person.objects.exists()
    assert "\nguard " in out and DEMO_PASSWORD in out
    assert calls == [(("127.0.0.1:8765",), {"use_reloader": False})]


def test_demo_leaves_a_database_with_a_county_alone(world, capsys):
    before = Person.objects.count()
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "not seeding" in out and Person.objects.count() == before
    assert "no demo accounts" in out
