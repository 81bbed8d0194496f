from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "eduguard.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self):
        from eduguard.audit import receivers  # noqa: F401  (log-in and failed log-in entries)
