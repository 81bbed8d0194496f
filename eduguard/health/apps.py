from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HealthConfig(AppConfig):
    name = "eduguard.health"
    label = "health"
    verbose_name = "健康日报"

    def ready(self):
        from eduguard.health import ledger
        from eduguard.health.demo import checks_demo
        from eduguard.health.demo_chat import chat_groups_demo
        from eduguard.health.demo_reports import reports_demo
        from eduguard.org.demo import register_step
        from eduguard.org.ledger import register

        register_step(checks_demo)
        register_step(chat_groups_demo)
        # Last: the other steps (gate, return planning, supervision) decide from the records of
        # their own making, as they did before the county's reports were in the demo.
        register_step(reports_demo, last=True)

        register(ledger.reports)
        register(ledger.follow_ups)
        register(ledger.check_findings)
        register(ledger.absences)

        # A fresh install, and every later migrate, has the coming months' report partitions.
        post_migrate.connect(_ensure_partitions, sender=self)


def _ensure_partitions(using="default", **kwargs):
    from eduguard.health.services.partitions import ensure_partitions

    ensure_partitions(using=using)
