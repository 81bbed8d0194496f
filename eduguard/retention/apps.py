from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "eduguard.retention"
    label = "retention"
    verbose_name = "数据留存"
