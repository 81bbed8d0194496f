from django.apps import AppConfig


class CounsellingConfig(AppConfig):
    name = "eduguard.counselling"
    verbose_name = "心理辅导"

    def ready(self):
        from eduguard.counselling.demo import counselling_demo
        from eduguard.org.demo import register_step

        register_step(counselling_demo)
