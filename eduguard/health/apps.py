from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "eduguard.health"
    label = "health"
    verbose_name = "健康日报"
