"""Benchmark: daily report submission against a bare Django JSON view, same server, same load.

Budget (DESIGN.md): at least half the requests per second of the bare view under the same WSGI
server and load, p99 under 100 ms at 64 concurrent clients, zero errors, zero lost or doubled
reports. Server: gunicorn, 2 sync workers (BENCH_SERVER_ARGS="-w 4" etc. to try others);
load: wrk, 2 threads, 16 and then 64 connections, 15 s each, on PostgreSQL (when reachable) and SQLite.
Every request reports for a different person, so after the run the reports in the database
must equal the 201 answers exactly.

Run: `.venv/bin/python -m bench.report_throughput` (PostgreSQL, then SQLite; `--sqlite` for SQLite alone).
"""

import datetime as dt
import functools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import postgres_url, record, setup_django, start_gunicorn

PORT = 8765
DURATION = "15s"
CLIENTS = (16, 64)
LUA = r"""
local ids = {IDS}
local token = "{TOKEN}"
local day = "{DAY}"
local threads = {}
local counter = 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  n = 0
  statuses = {}
  stride = 2
end
function request()
  local i = tid + 1 + n * stride
  n = n + 1
  local body = '{"person": ' .. ids[((i - 1) % #ids) + 1] .. ', "date": "' .. day .. '", "temperature": 36.6, "symptoms": []}'
  return wrk.format("POST", "/api/v1/daily-reports/", {["Content-Type"] = "application/json", ["Authorization"] = "Token " .. token}, body)
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do total[k] = (total[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(total) do table.insert(parts, '"' .. k .. '": ' .. v) end
  io.write("STATUSES {" .. table.concat(parts, ", ") .. "}\n")
end
"""


def wrk(url: str, clients: int, script: str | None = None) -> dict:
    cmd = ["wrk", "-t2", f"-c{clients}", f"-d{DURATION}", "--latency", "--timeout", "5s"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout

    def ms(label):
        found = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out)
        return float(found.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[found.group(2)]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: (.*)", out)
    statuses = re.search(r"STATUSES (\{.*\})", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": ms("50"),
        "p99_ms": ms("99"),
        "non2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket.group(1) if socket else "",
        "statuses": json.loads(statuses.group(1)) if statuses else {},
    }


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all cores), from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def process_tree_seconds(pid: int) -> float:
    """CPU seconds used so far by `pid` and its live children (the gunicorn master and workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parts = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the name: state, ppid, …, utime and stime (fields 14 and 15 of the line).
        if stat.parent.name == str(pid) or parts[1] == str(pid):
            total += (int(parts[11]) + int(parts[12])) / tick
    return total


def cpu_split(server_pid: int, run) -> tuple[dict, dict]:
    """Run `run` (a wrk load) and share out the machine's CPU time over it: the application
    server, the load generator (wrk, a waited child) and the rest (the database and the system)."""
    import resource

    busy, app = machine_busy_seconds(), process_tree_seconds(server_pid)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = run()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    app = process_tree_seconds(server_pid) - app
    busy = machine_busy_seconds() - busy
    return result, {"app": app, "load": load, "database": max(busy - app - load, 0.0)}


def start_server(server_args: str) -> subprocess.Popen:
    return start_gunicorn(PORT, server_args)


def main() -> None:
    database_url = postgres_url("eduguard_bench") if "--sqlite" not in sys.argv else None
    setup_django(database_url)
    from django.core.management import call_command
    from django.db import connections
    from django.db.models import Count
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from eduguard.accounts.models import User
    from eduguard.health.models import DailyReport
    from eduguard.org.models import Person

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed-demo", "--days", "0", verbosity=0)  # the reports are this bench's own
    user = User.objects.create_superuser("bench", password="bench-pass-1")
    token = Token.objects.create(user=user).key
    ids = list(Person.objects.order_by("id").values_list("id", flat=True))
    today = timezone.localdate()
    connections.close_all()

    engine = "PostgreSQL" if database_url else "SQLite"
    server_args = os.environ.get("BENCH_SERVER_ARGS", "-w 2")
    print(f"database: {engine}; gunicorn {server_args}; wrk -t2 -d{DURATION}")
    server = start_server(server_args)
    try:
        for offset, clients in enumerate(CLIENTS):
            # Each load gets a day of its own, so every request is a new report (201) and the
            # database's rows for that day must equal the 201 answers.
            day = (today - dt.timedelta(days=offset)).isoformat()
            bare = wrk(f"http://127.0.0.1:{PORT}/healthz", clients)
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
                fh.write(
                    LUA.replace("{IDS}", "{" + ",".join(map(str, ids)) + "}")
                    .replace("{TOKEN}", token)
                    .replace("{DAY}", day)
                )
            reports, cpu = cpu_split(
                server.pid,
                functools.partial(wrk, f"http://127.0.0.1:{PORT}/api/v1/daily-reports/", clients, fh.name),
            )
            time.sleep(1)  # requests wrk gave up on mid-flight finish before counting
            created = reports["statuses"].get("201", 0)
            rows = DailyReport.objects.filter(date=day)
            stored = rows.count()
            doubled = rows.values("person").annotate(n=Count("id")).filter(n__gt=1).count()
            connections.close_all()
            ratio = reports["rps"] / bare["rps"]
            print(f"{clients} clients:")
            print(
                f"  bare JSON view:    {bare['rps']:8.0f} req/s, p50 {bare['p50_ms']:.1f} ms, p99 {bare['p99_ms']:.1f} ms"
            )
            print(
                f"  daily report POST: {reports['rps']:8.0f} req/s, p50 {reports['p50_ms']:.1f} ms, "
                f"p99 {reports['p99_ms']:.1f} ms, statuses {reports['statuses']}"
            )
            # wrk stops mid-flight: requests the server finished after wrk stopped listening are
            # stored without an answer counted, so stored may exceed the 201s; lost is a 201 with no row.
            lost = max(created - stored, 0)
            errors = reports["non2xx"]
            print(
                f"  ratio {ratio:.0%} of the bare view (budget ≥ 50 %); reports stored {stored}, 201 answers "
                f"{created}, lost {lost}, doubled {doubled}, errors {errors} {reports['socket_errors']}"
            )
            total = sum(reports["statuses"].values()) or 1
            app_ms, db_ms = 1000 * cpu["app"] / total, 1000 * cpu["database"] / total
            print(
                f"  CPU per report: application server {app_ms:.2f} ms, database and system {db_ms:.2f} ms "
                f"(load generator {1000 * cpu['load'] / total:.2f} ms, not counted)"
            )
            label = f"report POST, {engine}, {clients} clients"
            record(
                f"{label}: app server CPU per report",
                app_ms,
                "ms",
                note=f"{1000 / app_ms:,.0f} reports/s per core",
            )
            record(
                f"{label}: database CPU per report",
                db_ms,
                "ms",
                note=f"{1000 / db_ms:,.0f} reports/s per core" if db_ms else "in the app process (SQLite)",
            )
            record(
                f"{label}: throughput", reports["rps"], "req/s", note=f"bare view {bare['rps']:,.0f} req/s"
            )
            record(f"{label}: vs bare view", ratio * 100, "%", "≥ 50 %", ratio >= 0.5)
            record(f"{label}: p50", reports["p50_ms"], "ms")
            record(
                f"{label}: p99",
                reports["p99_ms"],
                "ms",
                "< 100 ms" if clients == 64 else "",
                reports["p99_ms"] < 100 if clients == 64 else None,
            )
            record(
                f"{label}: errors, lost, doubled",
                errors + lost + doubled,
                "",
                "0",
                errors + lost + doubled == 0,
                note=f"{stored} stored, {created} acknowledged",
            )
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
    if "--sqlite" not in sys.argv:
        subprocess.run([sys.executable, "-m", "bench.report_throughput", "--sqlite"], check=False)
