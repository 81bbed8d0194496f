"""What the response area does when health saves a symptom record (registered in apps.ready
through health.services.surveillance.on_record): a fever found today at a class check or in a
daily report starts a fever event for the school doctor; any symptom record runs the cluster
detection for its school once the transaction commits."""

import logging

from django.core.exceptions import ValidationError
from django.utils import timezone

from eduguard.health.models import DailyReport, HealthCheck, SickAbsence
from eduguard.response.choices import FeverSource
from eduguard.response.services import fever
from eduguard.response.services.clusters import schedule_detection

log = logging.getLogger(__name__)


def detect_fever(**kwargs) -> None:
    """Open the event; a refusal is logged, never allowed to undo the check or report that caused it."""
    kwargs["at"] = min(kwargs["at"], timezone.now())
    try:
        fever.detect_fever(automatic=True, **kwargs)
    except ValidationError as exc:
        log.warning("no fever event for person %s: %s", kwargs["person"].pk, exc.messages)


def on_record(record) -> None:
    if isinstance(record, HealthCheck):
        _from_check(record)
        schedule_detection(record.school_class.school_id, record.date)
    elif isinstance(record, DailyReport):
        _from_report(record)
        schedule_detection(record.school_id, record.date)
    elif isinstance(record, SickAbsence):
        schedule_detection(record.school_id, record.onset_on or record.started_on)


def _from_check(check: HealthCheck) -> None:
    if check.date != timezone.localdate():
        return  # a check filed late for an earlier day: the moment to isolate has passed
    for finding in check.findings.filter(
        present=True, temperature__gte=fever.threshold(check.date)
    ).select_related("person"):
        detect_fever(
            person=finding.person,
            source=FeverSource.CHECK,
            temperature=finding.temperature,
            symptoms=finding.symptoms,
            place=check.school_class.name,
            actor=check.checker,
            at=check.updated_at,
            finding=finding,
        )


def _from_report(report: DailyReport) -> None:
    if not report.fever or report.date != timezone.localdate() or report.school_id is None:
        return
    detect_fever(
        person=report.person,
        source=FeverSource.DAILY_REPORT,
        temperature=report.temperature,
        symptoms=[s for s in report.symptoms if s != "fever"],
        place="家中（健康日报）",
        actor=None,
        at=report.submitted_at,
        report=report,
    )
