from django.apps import AppConfig


class ResponseConfig(AppConfig):
    name = "eduguard.response"
    verbose_name = "应急处置"

    def ready(self):
        from eduguard.health.services import surveillance
        from eduguard.response.services.intake import on_record

        surveillance.on_record(on_record)
