from django.apps import AppConfig


class ResponseConfig(AppConfig):
    name = "eduguard.response"
    verbose_name = "应急处置"

    def ready(self):
        from eduguard.health.services import surveillance
        from eduguard.org.demo import register_step
        from eduguard.response.demo import response_demo
        from eduguard.response.services.intake import on_record

        surveillance.on_record(on_record)
        register_step(response_demo)
