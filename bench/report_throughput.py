"""Benchmark: daily report submission against a bare Django JSON view, same server, same load.

Budget (DESIGN.md): at least half the requests per second of the bare view under the same WSGI
server and load, p99 under 100 ms at 64 concurrent clients, zero errors, zero lost or doubled
reports. Server: gunicorn, 2 sync workers (BENCH_SERVER_ARGS="-w 4" etc. to try others);
load: wrk, 2 threads, 64 connections, 15 s each.
Every request reports for a different person, so after the run the reports in the database
must equal the 201 answers exactly.

Run: `.venv/bin/python -m bench.report_throughput` (PostgreSQL when reachable, else SQLite).
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import ROOT, postgres_url, setup_django

PORT = 8765
DURATION = "15s"
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


def wrk(url: str, script: str | None = None) -> dict:
    cmd = ["wrk", "-t2", "-c64", f"-d{DURATION}", "--latency", "--timeout", "5s"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: (.*)", out)
    statuses = re.search(r"STATUSES (\{.*\})", out)
    return {
        "rps": rps,
        "p99_ms": p99_ms,
        "non2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket.group(1) if socket else "",
        "statuses": json.loads(statuses.group(1)) if statuses else {},
    }


def main() -> None:
    database_url = postgres_url("eduguard_bench") if "--sqlite" not in sys.argv else None
    setup_django(database_url)
    from django.core.management import call_command
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
    day = timezone.localdate().isoformat()
    from django.db import connections

    connections.close_all()

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            *os.environ.get("BENCH_SERVER_ARGS", "-w 2").split(),
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "eduguard.wsgi",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        bare = wrk(f"http://127.0.0.1:{PORT}/healthz")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
            fh.write(
                LUA.replace("{IDS}", "{" + ",".join(map(str, ids)) + "}")
                .replace("{TOKEN}", token)
                .replace("{DAY}", day)
            )
        reports = wrk(f"http://127.0.0.1:{PORT}/api/v1/daily-reports/", fh.name)
    finally:
        server.terminate()
        server.wait(10)

    from django.db.models import Count

    created = reports["statuses"].get("201", 0)
    stored = DailyReport.objects.filter(date=day).count()
    doubled = (
        DailyReport.objects.filter(date=day).values("person").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    engine = "PostgreSQL" if database_url else "SQLite"
    ratio = reports["rps"] / bare["rps"]
    server_args = os.environ.get("BENCH_SERVER_ARGS", "-w 2")
    print(f"database: {engine}; gunicorn {server_args}; wrk -t2 -c64 -d{DURATION}")
    print(f"bare JSON view:      {bare['rps']:8.0f} req/s, p99 {bare['p99_ms']:.1f} ms")
    print(
        f"daily report POST:   {reports['rps']:8.0f} req/s, p99 {reports['p99_ms']:.1f} ms, statuses {reports['statuses']}"
    )
    print(f"ratio: {ratio:.0%} of the bare view (budget ≥ 50%); p99 budget < 100 ms")
    # wrk stops mid-flight: requests the server finished after wrk stopped listening are stored
    # without an answer counted, so stored may exceed the 201s; lost is a 201 with no row.
    print(
        f"reports stored: {stored}; 201 answers: {created}; lost: {max(created - stored, 0)}; "
        f"people with two reports: {doubled}; errors: {reports['non2xx']} {reports['socket_errors']}"
    )


if __name__ == "__main__":
    main()
