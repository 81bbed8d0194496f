"""Benchmark: the daily-report roll-up.

Budgets (DESIGN.md): the county dashboard for the demo county in under 50 ms of server time;
the per-school roll-up for 1,000,000 people on PostgreSQL in under 100 ms. Measured too: every\nlevel for a generated province of 1,000,000 and of 5,000,000 people. Both read the
per-unit tallies that the report service keeps, so the cost follows the number of units,
not the number of people.

Run: `.venv/bin/python -m bench.rollup` (the provinces need the local PostgreSQL;\n`--people N` measures one province alone).
"""

import statistics
import sys
import time

from bench.common import postgres_url, record, setup_django


def median_ms(fn, runs=15) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def demo_county() -> None:
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from eduguard.accounts.models import User
    from eduguard.health.models import DailyReport
    from eduguard.health.services import tallies
    from eduguard.org.models import Person

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed-demo", "--days", "0", verbosity=0)  # the reports are this bench's own
    day = timezone.localdate()
    now = timezone.now()
    people = list(Person.objects.values("id", "category", "school_id", "school_class_id", "county_id"))
    rows = []
    for i, p in enumerate(people):
        if i % 20 == 0:
            continue  # 5 % have not reported
        unit = tallies.unit_of(
            Person(
                category=p["category"],
                school_id=p["school_id"],
                school_class_id=p["school_class_id"],
                county_id=p["county_id"],
            )
        )
        fever = i % 97 == 0
        rows.append(
            DailyReport(
                person_id=p["id"],
                date=day,
                school_id=p["school_id"],
                school_class_id=p["school_class_id"],
                unit=unit,
                temperature="38.0" if fever else "36.5",
                reporter_kind="guardian",
                source="link",
                submitted_at=now,
                abnormal=fever,
                fever=fever,
            )
        )
    DailyReport.objects.bulk_create(rows, batch_size=2000)
    tallies.recount(day)
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    url = f"/health/stats/?level=school&date={day.isoformat()}"
    assert client.get(url).status_code == 200
    page = median_ms(lambda: client.get(url))
    api = median_ms(lambda: client.get(f"/api/v1/stats/daily/?level=county&date={day.isoformat()}"))
    print(
        f"demo county ({len(people)} people, {len(rows)} reports): dashboard page {page:.1f} ms, "
        f"county API {api:.1f} ms (budget < 50 ms)"
    )
    record("roll-up, demo county: school table page", page, "ms", "< 50 ms", page < 50)
    record("roll-up, demo county: county API", api, "ms", "< 50 ms", api < 50)


def province(people: int) -> None:
    """A generated province on PostgreSQL: `people` // 100,000 counties of 4 grids and 100 schools,
    each school 6 grades × 4 classes × 40 students and 40 staff (1,000 people a school)."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from eduguard.accounts.models import User
    from eduguard.health.models import DailyTally
    from eduguard.health.services import tallies
    from eduguard.health.services.stats import daily_stats
    from eduguard.org.models import County, Grade, Grid, School, SchoolClass

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    counties = County.objects.bulk_create(
        [County(code=f"21{i:04d}", name=f"基准县{i}") for i in range(max(people // 100_000, 1))]
    )
    grids = Grid.objects.bulk_create(
        [Grid(county=c, code=f"G{g}", name=f"片区{g}") for c in counties for g in range(4)]
    )
    schools = School.objects.bulk_create(
        [
            School(
                county_id=grid.county_id,
                grid=grid,
                code=f"B{grid.county_id}-{grid.code}-{i:02d}",
                name=f"基准学校{grid.id}-{i}",
                type="junior",
            )
            for grid in grids
            for i in range(25)
        ]
    )
    grades = Grade.objects.bulk_create(
        [Grade(school=s, name=f"{g}年级", level=g) for s in schools for g in range(1, 7)], batch_size=5000
    )
    SchoolClass.objects.bulk_create(
        [
            SchoolClass(school_id=g.school_id, grade=g, number=n, name=f"{n}班")
            for g in grades
            for n in range(1, 5)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cur:
        common = (
            "county_id, school_id, school_class_id, category, staff_type, name, sex, birth_date, id_type, "
            "id_number_enc, id_hash, id_masked, household_township, address_enc, boarding, is_active, "
            "created_at, updated_at, phone_enc, phone_hash, phone_masked"
        )
        cur.execute(
            f"""INSERT INTO org_person ({common})
            SELECT s.county_id, c.school_id, c.id, 'student', '', '学生' || g, 'M', '2012-01-01', 'none', '', '',
                   '', '', '', false, true, now(), now(), '', '', ''
            FROM org_schoolclass c JOIN org_school s ON s.id = c.school_id CROSS JOIN generate_series(1, 40) g"""
        )
        cur.execute(
            f"""INSERT INTO org_person ({common})
            SELECT s.county_id, s.id, NULL, 'staff', 'teacher', '教师' || g, 'F', '1985-01-01', 'none', '', '',
                   '', '', '', false, true, now(), now(), '', '', ''
            FROM org_school s CROSS JOIN generate_series(1, 40) g"""
        )
        cur.execute("ANALYZE")
        cur.execute("SELECT count(*) FROM org_person")
        total = cur.fetchone()[0]
    loaded = time.perf_counter() - started
    day = timezone.localdate()
    t = time.perf_counter()
    tallies.ensure_tallies(day)
    opened = (time.perf_counter() - t) * 1000
    DailyTally.objects.filter(date=day).update(reported=38, on_time=36, abnormal=1, fever=0)
    admin = User.objects.create_superuser("bench", password="x-bench-1")
    school = schools[0]
    grade = Grade.objects.filter(school=school).first()
    levels = {
        "county": median_ms(lambda: daily_stats(admin, day, "county")),
        "grid": median_ms(lambda: daily_stats(admin, day, "grid")),
        "school": median_ms(lambda: daily_stats(admin, day, "school")),
        "grade (one school)": median_ms(lambda: daily_stats(admin, day, "grade", school.id)),
        "class (one grade)": median_ms(lambda: daily_stats(admin, day, "class", grade.id)),
    }
    label = f"{total / 1e6:,.0f}M people"
    print(
        f"{total:,} people on PostgreSQL ({len(counties)} counties, {len(schools):,} schools; loaded in "
        f"{loaded:.0f} s): opening the day's tallies {opened:.0f} ms once"
    )
    for level, ms in levels.items():
        print(f"  roll-up by {level}: {ms:.1f} ms")
        budget = level == "school" and total <= 1_000_000
        record(
            f"roll-up, province of {label}, by {level}",
            ms,
            "ms",
            "< 100 ms" if budget else "",
            ms < 100 if budget else None,
            note=f"{len(schools):,} schools" if level == "school" else "",
        )
    record(f"roll-up, province of {label}: opening the day's tallies", opened, "ms")


if __name__ == "__main__":
    if "--people" in sys.argv:
        people = int(sys.argv[sys.argv.index("--people") + 1])
        url = postgres_url("eduguard_bench_province")
        if url is None:
            print(f"{people:,} people: no PostgreSQL at 127.0.0.1:5432, not measured")
        else:
            setup_django(url)
            province(people)
    else:
        setup_django(None)
        demo_county()
        import subprocess

        for people in (1_000_000, 5_000_000):
            subprocess.run([sys.executable, "-m", "bench.rollup", "--people", str(people)], check=False)
