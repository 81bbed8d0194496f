from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "eduguard.inspection"
    verbose_name = "督导验收"
