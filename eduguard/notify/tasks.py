from celery import shared_task

from eduguard.notify.services import deliver_pending


# Rows are claimed by a conditional UPDATE, so a second run (or a redelivered one) sends nothing twice.
@shared_task(
    name="notify.deliver_pending", queue="notify", soft_time_limit=240, time_limit=300, acks_late=True
)
def deliver():
    return deliver_pending()
