from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "eduguard.health"
    label = "health"
    verbose_name = "健康日报"

    def ready(self):
        from eduguard.health import ledger
        from eduguard.health.demo import checks_demo
        from eduguard.health.demo_chat import chat_groups_demo
        from eduguard.org.demo import register_step
        from eduguard.org.ledger import register

        register_step(checks_demo)
        register_step(chat_groups_demo)

        register(ledger.reports)
        register(ledger.follow_ups)
        register(ledger.check_findings)
        register(ledger.absences)
