from celery import shared_task

from eduguard.notify.services import deliver_pending


@shared_task(name="notify.deliver_pending", queue="default", time_limit=300)
def deliver():
    return deliver_pending()
