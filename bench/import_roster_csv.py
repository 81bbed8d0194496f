"""Benchmark: `eduguard import-roster` of a 1,000,000-row .csv into PostgreSQL.

Budget (DESIGN.md): 1,000,000 rows of .csv into PostgreSQL in under 120 s on the 2-core machine.

Creates a fresh PostgreSQL database (`--database`, default eduguard_bench_import), a county with
100 schools × 6 grades × 8 classes, writes N rows (90 % students with a guardian, 10 % staff)
straight to a UTF-8 .csv file, then times the command as a clerk runs it (`import-roster FILE`,
in this process) and checks the counts of people, guardians and change-log rows.

Run: `.venv/bin/python -m bench.import_roster_csv [--rows N] [--database NAME] [--profile]`.
"""

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import shutil
import time
from pathlib import Path

from bench.common import postgres_url, record, setup_django

BUDGET_SECONDS = 120.0
BUDGET_ROWS = 1_000_000
SCHOOLS, GRADES, CLASSES = 100, ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级"), 8
# Distinct ID numbers for a million rows: (area code, birth day, sequence, sex) never repeats.
AREAS = ("210502", "210503", "210504", "210505")
STUDENT_DAYS, STAFF_DAYS, PER_AREA = 1500, 5000, 500


def build_org() -> list[tuple[str, str, str]]:
    """The county's schools, grades and classes; returns (school code, grade, class) per class."""
    from eduguard.org.models import County, Grade, School, SchoolClass

    county = County.objects.create(code="210521", name="基准县")
    schools = School.objects.bulk_create(
        School(county=county, code=f"B{s:03d}", name=f"基准{s}小学", type="primary") for s in range(SCHOOLS)
    )
    grades = Grade.objects.bulk_create(
        Grade(school=school, name=name, level=level)
        for school in schools
        for level, name in enumerate(GRADES, start=1)
    )
    SchoolClass.objects.bulk_create(
        SchoolClass(school_id=grade.school_id, grade=grade, number=n, name=f"{grade.name[0]}({n})班")
        for grade in grades
        for n in range(1, CLASSES + 1)
    )
    by_id = {s.id: s.code for s in schools}
    return [
        (by_id[c.school_id], c.grade.name, c.name)
        for c in SchoolClass.objects.select_related("grade").order_by("id")
    ]


def write_csv(path: Path, rows: int, classes: list[tuple[str, str, str]]) -> None:
    """N roster rows as the template's columns, written directly (openpyxl would take minutes)."""
    from eduguard.core.identity import check_char
    from eduguard.org.roster.columns import HEADERS

    student_births = [
        (dt.date(2012, 1, 1) + dt.timedelta(days=d)).strftime("%Y%m%d") for d in range(STUDENT_DAYS)
    ]
    staff_births = [
        (dt.date(1975, 1, 1) + dt.timedelta(days=d)).strftime("%Y%m%d") for d in range(STAFF_DAYS)
    ]

    def id_number(births: list[str], n: int, male: int) -> tuple[str, str]:
        day, k = n % len(births), n // len(births)
        first17 = f"{AREAS[k // PER_AREA]}{births[day]}{(k % PER_AREA) * 2 + male:03d}"
        return first17 + check_char(first17), births[day]

    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(HEADERS) + "\n")
        buffer = io.StringIO()
        for n in range(rows):
            sex = "男" if n % 2 else "女"
            if n % 10 == 9:
                number, birth = id_number(staff_births, n // 10, n % 2)
                code = f"B{n % SCHOOLS:03d}"
                buffer.write(f"{code},,,教师{n},{sex},居民身份证,{number},,教职工,138{n:08d},,,,,,,\n")
            else:
                number, birth = id_number(student_births, n - n // 10, n % 2)
                code, grade, klass = classes[n % len(classes)]
                iso = f"{birth[:4]}-{birth[4:6]}-{birth[6:]}"
                buffer.write(
                    f"{code},{grade},{klass},学生{n},{sex},居民身份证,{number},{iso},学生,,小市镇,"
                    f"幸福村{n}号,否,,家长{n},母亲,139{n:08d}\n"
                )
            if n % 50_000 == 49_999:
                fh.write(buffer.getvalue())
                buffer = io.StringIO()
        fh.write(buffer.getvalue())


def backend_cpu(connection) -> float:
    """CPU seconds of the PostgreSQL backend serving `connection` (the server is on this machine).

    The machine is shared: wall time is noisy, the two CPU figures say what the import costs.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=BUDGET_ROWS)
    parser.add_argument(
        "--database", default="eduguard_bench_import", help="PostgreSQL database to (re)create"
    )
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions")
    args = parser.parse_args()

    url = postgres_url(args.database)
    if url is None:
        print("import-roster .csv: no PostgreSQL at 127.0.0.1:5432, skipped")
        return
    data_dir = setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from eduguard.audit.models import ChangeLog
    from eduguard.org.models import Guardian, Person

    call_command("migrate", interactive=False, verbosity=0)
    classes = build_org()
    path = Path(data_dir) / "roster.csv"
    started = time.perf_counter()
    write_csv(path, args.rows, classes)
    print(
        f"wrote {args.rows:,} rows of .csv ({path.stat().st_size / 1e6:.0f} MB) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    connection.close()

    out, err = io.StringIO(), io.StringIO()
    profiler = cProfile.Profile() if args.profile else None
    started, cpu, children = time.perf_counter(), time.process_time(), os.times()
    if profiler:
        profiler.enable()
    call_command("import-roster", str(path), stdout=out, stderr=err)
    if profiler:
        profiler.disable()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    workers = sum(os.times()[2:4]) - sum(children[2:4])
    print(
        f"import-roster: {wall:.1f} s wall, {cpu:.1f} s CPU in this process, {workers:.1f} s in its workers, "
        f"{backend_cpu(connection):.1f} s CPU in its PostgreSQL backend  {out.getvalue().strip()}"
    )
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)

    people, guardians = Person.objects.count(), Guardian.objects.count()
    logs = ChangeLog.objects.filter(object_type="org.person").count()
    expected_guardians = args.rows - args.rows // 10
    assert not err.getvalue(), err.getvalue()[:2000]
    assert (people, guardians, logs) == (args.rows, expected_guardians, args.rows), (people, guardians, logs)
    print(f"verified: {people:,} people, {guardians:,} guardians, {logs:,} change-log rows")

    budget = BUDGET_SECONDS * args.rows / BUDGET_ROWS
    met = wall < budget
    print(f"budget {budget:.0f} s for {args.rows:,} rows: {'met' if met else 'OVER'}")
    record(
        f"roster import: {args.rows:,} rows .csv (PostgreSQL)",
        wall,
        "s",
        f"< {budget:.0f} s",
        met,
        "2-core machine, shared",
    )
    connection.close()
    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
