from django.apps import AppConfig


class CampusConfig(AppConfig):
    name = "eduguard.campus"
    verbose_name = "校园防控"

    def ready(self):
        from eduguard.campus.demo import campus_demo
        from eduguard.campus.demo_gate import gate_demo
        from eduguard.org.demo import register_step

        register_step(campus_demo)
        register_step(gate_demo)  # after the screening step: the entry rules read its quarantines
