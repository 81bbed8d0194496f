from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "eduguard.outreach"
    verbose_name = "宣传、志愿服务与文件"

    def ready(self):
        from eduguard.org.demo import register_step
        from eduguard.outreach.demo_documents import documents_demo
        from eduguard.outreach.demo_messages import messages_demo
        from eduguard.outreach.demo_volunteers import volunteers_demo

        register_step(documents_demo)
        register_step(messages_demo)
        register_step(volunteers_demo)
