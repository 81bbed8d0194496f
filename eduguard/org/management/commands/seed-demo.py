"""`eduguard seed-demo`: load the synthetic demo county into an empty database."""

import argparse

from django.core.management.base import BaseCommand, CommandError

from eduguard.org.demo import (
    DEFAULT_DAYS,
    DEFAULT_SEED,
    DEMO_PASSWORD,
    PROFILES,
    DemoRefused,
    describe_accounts,
    display_width,
    format_accounts,
    seed_demo,
)

LABELS = {
    "grids": "网格",
    "schools": "学校",
    "batch_1_schools": "第一批开学学校",
    "grades": "年级",
    "classes": "班级",
    "students": "学生",
    "staff": "教职工（含局机关）",
    "bureau_staff": "其中局机关",
    "temporary": "临时工",
    "staff_with_temporary": "教职员工（含临时工）",
    "boarders": "住校生",
    "dorm_rooms": "宿舍",
    "guardians": "监护人",
    "demo_users": "演示账号",
}


class Command(BaseCommand):
    help = (
        "Load the synthetic demo county (本溪县, 2020) into an EMPTY database: 28 schools, 18,657 "
        "students, 2,555 staff (bureau included) and 291 temporary workers, with guardians, dorms and "
        "one demo login per role. The same --seed gives the same names and ID numbers. Refuses if the "
        "database already holds a county."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--profile", default="benxi-2020", choices=sorted(PROFILES), help="county profile to load"
        )
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=(
                f"days of activity (daily reports, checks…) to generate, default {DEFAULT_DAYS}. "
                "Accepted and recorded now; no area generates daily activity yet, so it has no effect "
                "until those areas land."
            ),
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"random seed, default {DEFAULT_SEED}"
        )
        # Tests only: multiplies the people counts so a test county loads in a second.
        parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options["days"] < 0:
            raise CommandError("--days must be 0 or more")
        if not 0 < options["scale"] <= 1:
            raise CommandError("--scale must be in (0, 1]")
        try:
            result = seed_demo(
                options["profile"], seed=options["seed"], days=options["days"], scale=options["scale"]
            )
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout
        out.write(
            self.style.SUCCESS(
                f"演示县已装入 / demo county loaded: profile {options['profile']}, seed {options['seed']}, "
                f"in {result.seconds:.1f} s"
            )
        )
        if options["verbosity"] < 1:
            return
        for key, label in LABELS.items():
            out.write(f"  {label}{' ' * (22 - display_width(label))}{result.counts[key]:>8,}")
        out.write("")
        out.write(f"演示账号 / demo accounts (password / 密码: {DEMO_PASSWORD}):")
        out.write(format_accounts(describe_accounts()))
