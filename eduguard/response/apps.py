from django.apps import AppConfig


class ResponseConfig(AppConfig):
    name = "eduguard.response"
    verbose_name = "应急处置"
