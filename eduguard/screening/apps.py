from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "eduguard.screening"
    verbose_name = "大排查"

    def ready(self):
        from eduguard.org.demo import register_step
        from eduguard.screening.demo import screening_demo

        register_step(screening_demo)
