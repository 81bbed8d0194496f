"""What the durability tests run in processes of their own, against the database DATABASE_URL names:

    python -m tests.durability.commands seed-reports --classes N --per-class N
    python -m tests.durability.commands seed-roster --rows N --out FILE.csv
    python -m tests.durability.commands seed-outbox --phones N --causes N
    python -m tests.durability.commands deliver --claim-timeout SECONDS
    python -m tests.durability.commands claim

Each prints one line of JSON last. `deliver` is the outbox's delivery loop as a worker runs it
(notify.services.deliver_pending, over and over) until no message is left unsent.
"""

import argparse
import datetime as dt
import json
import time
from pathlib import Path


def seed_reports(classes: int, per_class: int) -> dict:
    """A school of `classes` classes of `per_class` students, each class with a head teacher who
    holds an API token. Returns {"people": [[person id, class id, token], …]}."""
    from rest_framework.authtoken.models import Token

    from eduguard.accounts.choices import Role
    from eduguard.core.testing import make_person, make_user
    from eduguard.org.choices import SchoolType
    from eduguard.org.models import County, Grade, Grid, School, SchoolClass

    county = County.objects.create(code="210521", name="测试县", bureau_name="测试县教育局")
    grid = Grid.objects.create(county=county, code="G1", name="第一网格")
    school = School.objects.create(
        county=county, grid=grid, code="D01", name="耐久中学", type=SchoolType.JUNIOR
    )
    grade = Grade.objects.create(school=school, name="七年级", level=7)
    people = []
    for n in range(1, classes + 1):
        klass = SchoolClass.objects.create(grade=grade, number=n, name=f"七({n})班")
        token = Token.objects.create(user=make_user(f"head{n}", Role.HEAD_TEACHER, klass)).key
        for i in range(per_class):
            people.append([make_person(school, klass, name=f"生{n}-{i}").pk, klass.pk, token])
    return {"people": people}


def seed_roster(rows: int, out: str) -> dict:
    """The county of bench.import_roster_csv (100 schools × 6 grades × 8 classes) and a roster
    .csv of `rows` valid rows for it (90 % students with a guardian, 10 % staff)."""
    from bench.import_roster_csv import build_org, write_csv

    write_csv(Path(out), rows, build_org())
    return {"rows": rows, "file": out}


def seed_outbox(phones: int, causes: int) -> dict:
    """`causes` reminders to each of `phones` phones, queued for SMS: one message per (recipient, cause)."""
    from eduguard.notify.services import enqueue

    for cause in range(causes):
        for n in range(phones):
            enqueue(
                channel="sms",
                kind="health.reminder",
                dedupe_key=f"durability:{cause}:{n}",
                body=f"请今日18:00前填报健康日报（第{cause + 1}次提醒）",
                phone=f"+86139{n:08d}",
            )
    return {"messages": phones * causes}


def deliver(claim_timeout: float) -> dict:
    from eduguard.notify.models import Message, Status
    from eduguard.notify.services import deliver_pending

    timeout = dt.timedelta(seconds=claim_timeout)
    totals = {"sent": 0, "failed": 0, "retry": 0}
    while Message.objects.filter(status__in=[Status.PENDING, Status.SENDING]).exists():
        counts = deliver_pending(limit=20, claim_timeout=timeout)
        for key, value in counts.items():
            totals[key] += value
        if not any(counts.values()):
            time.sleep(0.05)  # what is left is held by another worker, or by a dead one's claim
    return totals


def claim() -> dict:
    """One claim, as a worker makes it, and how long it took (a locked row must not hold it up)."""
    from eduguard.notify.services import claim_next

    started = time.monotonic()
    message = claim_next()
    return {"claimed": message and message.pk, "seconds": time.monotonic() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    reports = sub.add_parser("seed-reports")
    reports.add_argument("--classes", type=int, required=True)
    reports.add_argument("--per-class", type=int, required=True)
    roster = sub.add_parser("seed-roster")
    roster.add_argument("--rows", type=int, required=True)
    roster.add_argument("--out", required=True)
    outbox = sub.add_parser("seed-outbox")
    outbox.add_argument("--phones", type=int, required=True)
    outbox.add_argument("--causes", type=int, required=True)
    worker = sub.add_parser("deliver")
    worker.add_argument("--claim-timeout", type=float, required=True)
    sub.add_parser("claim")
    args = parser.parse_args()

    import django

    django.setup()
    if args.command == "seed-reports":
        answer = seed_reports(args.classes, args.per_class)
    elif args.command == "seed-roster":
        answer = seed_roster(args.rows, args.out)
    elif args.command == "seed-outbox":
        answer = seed_outbox(args.phones, args.causes)
    elif args.command == "deliver":
        answer = deliver(args.claim_timeout)
    else:
        answer = claim()
    print(json.dumps(answer))


if __name__ == "__main__":
    main()
