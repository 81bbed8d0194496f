from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "eduguard.concerns"
    verbose_name = "舆情信访"

    def ready(self):
        from eduguard.concerns.demo import concerns_demo
        from eduguard.org.demo import register_step

        register_step(concerns_demo)
