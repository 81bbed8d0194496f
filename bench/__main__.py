"""`make bench`: every benchmark in turn, each in its own process (each sets up its own database),
then one table of every figure with its budget (bench.common.record).

`python -m bench [module ...]` runs only those (e.g. `python -m bench bench.rollup`).
"""

import json
import os
import subprocess
import sys
import tempfile

from bench.common import RESULTS_ENV

BENCHMARKS = [
    "bench.seed_demo",
    "bench.import_roster",
    "bench.import_roster_csv",
    "bench.roster_roundtrip",
    "bench.rollup",
    "bench.dashboard",
    "bench.report_throughput",
    "bench.return_plan",
]


def table(rows: list[dict]) -> str:
    def verdict(row):
        return {True: "met", False: "MISSED", None: ""}[row["met"]]

    def figure(row):
        value = row["value"]
        text = (
            f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
        )
        return f"{text} {row['unit']}".strip()

    cells = [(r["name"], figure(r), r["budget"], verdict(r), r["note"]) for r in rows]
    head = ("benchmark", "figure", "budget", "", "note")
    widths = [max(len(str(c[i])) for c in [head, *cells]) for i in range(4)]
    lines = []
    for c in [head, *cells]:
        lines.append("  ".join(str(c[i]).ljust(widths[i]) for i in range(4)) + ("  " + c[4] if c[4] else ""))
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def main(chosen: list[str]) -> None:
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl", delete=False) as fh:
        path = fh.name
    env = {**os.environ, RESULTS_ENV: path}
    for name in chosen:
        print(f"== {name}", flush=True)
        subprocess.run([sys.executable, "-m", name], check=False, env=env)
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    os.unlink(path)
    print("\n== make bench: every figure from one run on this machine\n")
    print(table(rows))
    missed = [r["name"] for r in rows if r["met"] is False]
    print(
        f"\n{len(rows)} figures, {len(missed)} budgets missed" + (f": {', '.join(missed)}" if missed else "")
    )


if __name__ == "__main__":
    main(sys.argv[1:] or BENCHMARKS)
