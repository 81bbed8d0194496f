from django.apps import AppConfig


class CampusConfig(AppConfig):
    name = "eduguard.campus"
    verbose_name = "校园防控"
