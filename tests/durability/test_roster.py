"""`eduguard import-roster` killed (SIGKILL) in the middle of writing a file: nothing or everything.

The importer writes the file's rows in one transaction (org.roster.importer, step 5). The command
is killed once that transaction holds every person row of the file and has moved on to the next
table (guardians, change log): the worst moment for an import that committed part by part.
Afterwards no person of the file may exist; run again, the import completes and writes every row
exactly once.
"""

import re
import subprocess
import sys
import time

import pytest

from bench.common import ROOT

pytestmark = pytest.mark.durability

ROWS = 30_000  # 27,000 students with a guardian, 3,000 staff: a few seconds of writing
WRITE = re.compile(r'\s*(?:INSERT\s+INTO|COPY|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)
PATIENCE = 240  # seconds the command may take to reach its writes on a busy machine


def _kill_once_people_are_written(database, importer, processes) -> list[str]:
    """Watch the command's connection; SIGKILL it once it writes a table after org_person.
    Returns the tables its open transaction wrote, in order."""
    written: list[str] = []
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if importer.poll() is not None:
            pytest.fail(
                f"the import ended (status {importer.returncode}) before it could be killed: {written}"
            )
        for _pid, xid, query in database.other_backends():
            match = WRITE.match(query or "")
            if xid is None or match is None:
                continue
            if not written or written[-1] != match.group(1):
                written.append(match.group(1))
        if "org_person" in written and written[-1] != "org_person":
            processes.kill(importer)
            return written
        time.sleep(0.01)
    pytest.fail(f"the import wrote no person within {PATIENCE} s: {written}")


def _wait_for_no_connection(database, wait: float = 30) -> None:
    """The killed command's server process ends (rolling its transaction back) when it notices."""
    deadline = time.monotonic() + wait
    while database.other_backends():
        assert time.monotonic() < deadline, database.other_backends()
        time.sleep(0.05)


def _counts(database) -> dict[str, int]:
    return {
        "people": database.value("SELECT count(*) FROM org_person"),
        "distinct_id_numbers": database.value("SELECT count(DISTINCT id_hash) FROM org_person"),
        "guardians": database.value("SELECT count(*) FROM org_guardian"),
        "change_log": database.value("SELECT count(*) FROM audit_changelog WHERE object_type = 'org.person'"),
    }


def test_a_roster_import_killed_mid_file_writes_nothing_and_a_rerun_writes_it_all(
    database, processes, tmp_path, figures
):
    roster = tmp_path / "roster.csv"
    database.command("seed-roster", "--rows", str(ROWS), "--out", str(roster))
    command = [sys.executable, "manage.py", "import-roster", "--skip-checks", str(roster)]

    started = time.monotonic()
    with open(tmp_path / "killed.log", "wb") as log:
        importer = processes.start(command, database.env, stdout=log, stderr=subprocess.STDOUT)
        written = _kill_once_people_are_written(database, importer, processes)
    killed_after = time.monotonic() - started
    _wait_for_no_connection(database)
    after_kill = _counts(database)
    figures.update(rows=ROWS, killed_after_s=round(killed_after, 1), written_when_killed=written)
    figures["after_kill"] = after_kill
    assert after_kill == {"people": 0, "distinct_id_numbers": 0, "guardians": 0, "change_log": 0}

    started = time.monotonic()
    rerun = subprocess.run(command, env=database.env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    figures["rerun_s"] = round(time.monotonic() - started, 1)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert f"rows={ROWS} created={ROWS} updated=0 unchanged=0 invalid=0" in rerun.stdout
    after_rerun = _counts(database)
    figures["after_rerun"] = after_rerun
    students = ROWS - ROWS // 10
    assert after_rerun == {
        "people": ROWS,
        "distinct_id_numbers": ROWS,
        "guardians": students,
        "change_log": ROWS,
    }
