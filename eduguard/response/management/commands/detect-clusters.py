"""`eduguard detect-clusters --date D [--school CODE]`: run the cluster rules over a day's
symptom records, then escalate the incidents past their deadline.

Detection also runs after each symptom record is saved (services.clusters.schedule_detection),
and Celery beat escalates every few minutes (eduguard/response/tasks.py); this command is the
same work by hand, e.g. after an import or to re-check a past day. Running it twice opens nothing
twice: new cases merge into the open incident of their unit.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eduguard.notify.services import deliver_pending
from eduguard.org.models import School
from eduguard.response.services.clusters import detect
from eduguard.response.services.incidents import escalate_overdue


class Command(BaseCommand):
    help = "Detect clusters of similar symptoms (2006 rule) and escalate overdue incidents."

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="the day to examine, YYYY-MM-DD")
        parser.add_argument("--school", help="one school's code (all schools by default)")

    def handle(self, *args, date, school=None, **options):
        try:
            day = dt.date.fromisoformat(date)
        except ValueError as exc:
            raise CommandError(f"--date {date!r} is not a date (YYYY-MM-DD)") from exc
        if day > timezone.localdate():
            raise CommandError(f"--date {date} is in the future")
        ids = None
        if school:
            ids = list(School.objects.filter(code=school).values_list("id", flat=True))
            if not ids:
                raise CommandError(f"--school {school!r}: no school has this code")
        found = detect(day, ids)
        for incident, created in found:
            verb = "opened" if created else "merged"
            self.stdout.write(
                f"{verb} #{incident.pk} {incident.trigger.code} {incident.scope_type} "
                f"{incident.scope_name}: {incident.cases.count()} cases, deadline {timezone.localtime(incident.deadline):%Y-%m-%d %H:%M}"
            )
        if not found:
            self.stdout.write(f"no cluster on {day}")
        sent = escalate_overdue()
        self.stdout.write(f"escalation messages: {sent}")
        d = deliver_pending()
        self.stdout.write(f"delivered {d['sent']}, retrying {d['retry']}, failed {d['failed']}")
