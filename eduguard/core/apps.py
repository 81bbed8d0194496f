from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "eduguard.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from eduguard.core import county  # noqa: F401  (registers the county system check)
