"""`eduguard demo`: the one command a newcomer runs — migrate, load the demo county, serve."""

import argparse

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from eduguard.org.demo import DEMO_PASSWORD, describe_accounts, format_accounts
from eduguard.org.models import County


class Command(BaseCommand):
    help = (
        "Migrate the database, load the demo county (seed-demo) if the database has no county yet, "
        "print the demo accounts and serve the app on 127.0.0.1:PORT (development server, static "
        "files by WhiteNoise)."
    )
    requires_system_checks = []  # runserver runs them; the database may not be migrated yet

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1, default 8000")
        parser.add_argument(
            "--no-serve", action="store_true", help="stop after migrating, seeding and printing the accounts"
        )
        parser.add_argument("--seed", type=int, default=None, help="random seed passed to seed-demo")
        # Tests only: passed on to seed-demo's hidden --scale.
        parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        port = options["port"]
        if not 0 < port < 65536:
            raise CommandError(f"--port {port} is not a TCP port")
        out = self.stdout
        out.write("== 1/3 数据库迁移 / migrate")
        call_command("migrate", interactive=False, verbosity=0, stdout=out, stderr=self.stderr)

        if County.objects.exists():
            county = County.objects.first()
            out.write(f"== 2/3 已有数据（{county.name}），跳过演示数据 / database not empty, not seeding")
        else:
            out.write("== 2/3 装入演示县 / loading the demo county (about 20 s)…")
            extra = {"seed": options["seed"]} if options["seed"] is not None else {}
            call_command(
                "seed-demo", scale=options["scale"], verbosity=0, stdout=out, stderr=self.stderr, **extra
            )

        rows = describe_accounts()
        url = f"http://127.0.0.1:{port}/"
        out.write("")
        out.write("== 3/3 演示账号 / demo accounts")
        if rows:
            out.write(f"密码 / password: {DEMO_PASSWORD}")
            out.write(format_accounts(rows))
        else:
            out.write("（数据库中没有演示账号 / no demo accounts in this database）")
        out.write("")
        out.write(self.style.SUCCESS(f"EduGuard: {url}  （管理后台 / admin: {url}admin/）"))
        if options["no_serve"]:
            return
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
