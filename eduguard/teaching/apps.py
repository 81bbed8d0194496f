from django.apps import AppConfig


class TeachingConfig(AppConfig):
    name = "eduguard.teaching"
    verbose_name = "线上教学"

    def ready(self):
        from eduguard.org.demo import register_step
        from eduguard.teaching.demo import teaching_demo

        register_step(teaching_demo)
