"""`make bench`: every benchmark in turn, each in its own process (each sets up its own database)."""

import subprocess
import sys

BENCHMARKS = [
    "bench.seed_demo",
    "bench.import_roster",
    "bench.roster_roundtrip",
    "bench.rollup",
    "bench.dashboard",
    "bench.report_throughput",
    "bench.return_plan",
]

if __name__ == "__main__":
    chosen = sys.argv[1:] or BENCHMARKS
    for name in chosen:
        print(f"== {name}", flush=True)
        subprocess.run([sys.executable, "-m", name], check=False)
