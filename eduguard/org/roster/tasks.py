"""The background side of the web import: one Celery task per ImportJob.

With no CELERY_BROKER_URL the task runs inline (CELERY_TASK_ALWAYS_EAGER); with a broker, a worker
picks it up and the job page polls the progress this task writes.
"""

from celery import shared_task

from eduguard.org.roster.importer import run_import_job as _run


# The soft limit ends a runaway import cleanly: the import rolls back and the job says it failed.
# No acks_late: a job found running is not started again (run_import_job), so redelivery adds nothing.
@shared_task(
    name="eduguard.org.roster.run_import_job", queue="imports", soft_time_limit=1500, time_limit=1800
)
def run_import_job(job_id: int) -> str:
    """Import the job's file; returns the job's final status."""
    return _run(job_id)
