"""Celery app. With no CELERY_BROKER_URL tasks run eagerly, inline (settings.CELERY_TASK_ALWAYS_EAGER)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eduguard.settings")

app = Celery("eduguard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
