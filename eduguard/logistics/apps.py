from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "eduguard.logistics"
    verbose_name = "错峰返校"

    def ready(self):
        from eduguard.logistics.demo import logistics_demo
        from eduguard.org.demo import register_step

        register_step(logistics_demo)  # after the supervision steps: it plans their batch 1
