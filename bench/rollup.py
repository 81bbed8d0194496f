"""Benchmark: the daily-report roll-up.

Budgets (DESIGN.md): the county dashboard for the demo county in under 50 ms of server time;
the per-school roll-up for 1,000,000 people on PostgreSQL in under 100 ms. Both read the
per-unit tallies that the report service keeps, so the cost follows the number of units,
not the number of people.

Run: `.venv/bin/python -m bench.rollup` (the 1,000,000 part needs the local PostgreSQL).
"""

import statistics
import sys
import time

from bench.common import postgres_url, setup_django


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


def million() -> None:

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from eduguard.accounts.models import User
    from eduguard.health.models import DailyTally
    from eduguard.health.services import tallies
    from eduguard.health.services.stats import daily_stats
    from eduguard.org.models import County, Grade, Grid, School, SchoolClass

    call_command("migrate", interactive=False, verbosity=0)
    county = County.objects.create(code="210000", name="示范省（基准）")
    grids = Grid.objects.bulk_create([Grid(county=county, code=f"G{i}", name=f"片区{i}") for i in range(40)])
    schools = School.objects.bulk_create(
        [
            School(county=county, grid=grids[i % 40], code=f"B{i:05d}", name=f"基准学校{i}", type="junior")
            for i in range(1000)
        ]
    )
    grades = Grade.objects.bulk_create(
        [Grade(school=s, name=f"{g}年级", level=g) for s in schools for g in range(1, 7)]
    )
    SchoolClass.objects.bulk_create(
        [
            SchoolClass(school_id=g.school_id, grade=g, number=n, name=f"{n}班")
            for g in grades
            for n in range(1, 5)
        ]
    )
    started = time.perf_counter()
    with connection.cursor() as cur:
        common = (
            "county_id, school_id, school_class_id, category, staff_type, name, sex, birth_date, id_type, "
            "id_number_enc, id_hash, id_masked, household_township, address_enc, boarding, is_active, "
            "created_at, updated_at, phone_enc, phone_hash, phone_masked"
        )
        cur.execute(
            f"""INSERT INTO org_person ({common})
            SELECT %s, c.school_id, c.id, 'student', '', '学生' || g, 'M', '2012-01-01', 'none', '', '', '', '', '',
                   false, true, now(), now(), '', '', ''
            FROM org_schoolclass c CROSS JOIN generate_series(1, 40) g""",
            [county.id],
        )
        cur.execute(
            f"""INSERT INTO org_person ({common})
            SELECT %s, s.id, NULL, 'staff', 'teacher', '教师' || g, 'F', '1985-01-01', 'none', '', '', '', '', '',
                   false, true, now(), now(), '', '', ''
            FROM org_school s CROSS JOIN generate_series(1, 40) g""",
            [county.id],
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
    schools_ms = median_ms(lambda: daily_stats(admin, day, "school"))
    county_ms = median_ms(lambda: daily_stats(admin, day, "county"))

    print(
        f"1,000,000 people on PostgreSQL ({total} rows, loaded in {loaded:.0f} s): opening the day's tallies "
        f"{opened:.0f} ms once; per-school roll-up (1,000 schools) {schools_ms:.1f} ms (budget < 100 ms); "
        f"county {county_ms:.1f} ms"
    )


if __name__ == "__main__":
    if "--million" in sys.argv:
        url = postgres_url("eduguard_bench_million")
        if url is None:
            print("1,000,000: no PostgreSQL at 127.0.0.1:5432, not measured")
        else:
            setup_django(url)
            million()
    else:
        setup_django(None)
        demo_county()
        import subprocess

        subprocess.run([sys.executable, "-m", "bench.rollup", "--million"], check=False)
