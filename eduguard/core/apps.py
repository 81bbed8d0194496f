from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "eduguard.core"
    label = "core"
    verbose_name = "基础"
