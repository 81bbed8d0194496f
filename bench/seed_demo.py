"""Benchmark: a full `eduguard seed-demo` into a fresh SQLite database.

Budget (DESIGN.md): seed-demo with 14 days of reports in under 60 s on the 2-core machine.
Run: `.venv/bin/python bench/seed_demo.py` (or `python -m bench.seed_demo`). Prints the seconds.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

BUDGET_SECONDS = 60.0


def main() -> float:
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    with tempfile.TemporaryDirectory(prefix="eduguard-bench-seed-") as data_dir:
        # A fresh SQLite file; must be set before Django reads its settings.
        os.environ["EDUGUARD_DATA_DIR"] = data_dir
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eduguard.settings")
        import django
        from django.core.management import call_command

        django.setup()
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        migrated = time.perf_counter()
        call_command("seed-demo", verbosity=0)
        seeded = time.perf_counter()
        from django.db import connections

        connections.close_all()

    seconds = seeded - migrated
    verdict = "within" if seconds < BUDGET_SECONDS else "OVER"
    print(f"migrate: {migrated - started:.1f} s")
    print(f"seed-demo (benxi-2020, full size): {seconds:.1f} s — {verdict} the {BUDGET_SECONDS:.0f} s budget")
    from bench.common import record

    record(
        "seed-demo, 14 days of reports (SQLite)",
        seconds,
        "s",
        f"< {BUDGET_SECONDS:.0f} s",
        seconds < BUDGET_SECONDS,
    )
    return seconds


if __name__ == "__main__":
    main()
