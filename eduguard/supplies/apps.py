from django.apps import AppConfig


class SuppliesConfig(AppConfig):
    name = "eduguard.supplies"
    verbose_name = "防疫物资"

    def ready(self):
        from eduguard.org.demo import register_step
        from eduguard.supplies.demo import supplies_demo

        register_step(supplies_demo)  # after the supervision steps: it supplies their batches
