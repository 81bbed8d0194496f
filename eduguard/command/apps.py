from django.apps import AppConfig


class CommandConfig(AppConfig):
    name = "eduguard.command"
    verbose_name = "指挥协调"

    def ready(self):
        from eduguard.command.demo import command_demo
        from eduguard.org.demo import register_step

        register_step(command_demo)  # before the inspection step: its checklist asks for the task forces
