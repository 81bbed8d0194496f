"""Benchmark: import a 20,000-row .xlsx roster (DESIGN.md budget: under 20 s on SQLite).

    .venv/bin/python bench/import_roster.py [--rows N] [--keep]

Builds a throw-away SQLite database in a temporary EDUGUARD_DATA_DIR (unless DATABASE_URL is set),
generates a county with 20 schools × 6 grades × 8 classes, writes N rows (90% students with a
guardian, 10% staff) to .xlsx, then times the import and a second import of the same file
(every row unchanged).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="eduguard-bench-")
    os.environ.setdefault("EDUGUARD_DATA_DIR", data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eduguard.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from eduguard.org.models import County, Grade, Person, School, SchoolClass
    from eduguard.org.roster.importer import import_roster
    from eduguard.org.roster.testing import staff_row, student_row, xlsx_bytes

    county = County.objects.create(code="210521", name="基准县")
    grades = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"]
    classes = []
    for s in range(20):
        school = School.objects.create(county=county, code=f"B{s:03d}", name=f"基准{s}小学", type="primary")
        for level, name in enumerate(grades, start=1):
            grade = Grade.objects.create(school=school, name=name, level=level)
            for n in range(1, 9):
                klass = SchoolClass.objects.create(grade=grade, number=n, name=f"{name[0]}({n})班")
                classes.append((school.code, name, klass.name))

    rows = []
    for n in range(args.rows):
        if n % 10 == 9:
            rows.append(staff_row(f"B{n % 20:03d}", n))
        else:
            code, grade, klass = classes[n % len(classes)]
            rows.append(student_row(code, n, 年级=grade, 班级=klass, 姓名=f"学生{n}"))
    started = time.perf_counter()
    content = xlsx_bytes(rows)
    print(
        f"built {args.rows} rows of .xlsx ({len(content) / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s"
    )

    started, cpu = time.perf_counter(), time.process_time()
    result = import_roster(content, "bench.xlsx")
    first = time.perf_counter() - started
    assert result.ok, result.error_lines()[:10]
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items())
    print(f"import: {first:.1f} s wall, {time.process_time() - cpu:.1f} s CPU ({phases})  {result.summary()}")

    started = time.perf_counter()
    again = import_roster(content, "bench.xlsx")
    second = time.perf_counter() - started
    print(f"re-import: {second:.1f} s  {again.summary()}")
    assert again.unchanged == args.rows and Person.objects.count() == args.rows

    budget = 20.0 * args.rows / 20_000
    print(f"budget {budget:.0f} s: {'OK' if first < budget else 'OVER'}")
    from bench.common import record

    record(
        f"roster import: {args.rows:,} rows .xlsx (SQLite)", first, "s", f"< {budget:.0f} s", first < budget
    )
    if args.keep:
        print(f"data kept in {os.environ['EDUGUARD_DATA_DIR']}")
    else:
        import shutil

        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
