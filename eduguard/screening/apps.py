from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "eduguard.screening"
    verbose_name = "大排查"

    def ready(self):
        from eduguard.org.demo import register_step
        from eduguard.screening.demo import screening_demo

        register_step(screening_demo)

        from eduguard.org.ledger import register
        from eduguard.screening import ledger

        register(ledger.screenings)
        register(ledger.categories)
        register(ledger.quarantines)
