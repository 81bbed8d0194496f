from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "eduguard.logistics"
    verbose_name = "错峰返校"
