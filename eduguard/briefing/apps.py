from django.apps import AppConfig


class BriefingConfig(AppConfig):
    name = "eduguard.briefing"
    verbose_name = "指挥调度与工作简报"
