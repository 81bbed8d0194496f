"""Scope of response records. A fever event follows its person's placement (the class that day);
an incident is the school's, and also its class's or grade's when it is about one; a drill is the
school's."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from eduguard.core.county import CountyQuerySet
from eduguard.org.managers import ScopedQuerySet, unit_q


class FeverEventQuerySet(CountyQuerySet, ScopedQuerySet):
    def scope_q(self, s):
        return unit_q(s, school="school_id", school_class="school_class", person="person_id")

    def open(self):
        from eduguard.response.choices import FeverStatus

        return self.exclude(status__in=[FeverStatus.CLEARED, FeverStatus.RETURNED, FeverStatus.CONFIRMED])

    def in_room(self):
        """Events whose person is in an isolation room now."""
        return self.filter(room__isnull=False, left_room_at__isnull=True)


class IncidentQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return unit_q(s, school="school_id", school_class="school_class") | Q(grade_id__in=s.grade_ids)

    def open(self):
        return self.exclude(status="closed")

    def open_on(self, day):
        """Incidents detected by the end of `day` and not closed before it began."""
        start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
        return self.filter(Q(closed_at__isnull=True) | Q(closed_at__gte=start), detected_at__lt=end)

    def overdue(self, now=None):
        return self.filter(status="open", deadline__lt=now or timezone.now())


class IncidentPartQuerySet(ScopedQuerySet):
    """Cases, reports and the log of an incident: seen with the incident."""

    def scope_q(self, s):
        return unit_q(s, school="incident__school_id", school_class="incident__school_class") | Q(
            incident__grade_id__in=s.grade_ids
        )


class IncidentCaseQuerySet(CountyQuerySet, IncidentPartQuerySet):
    """Cases carry their person's county (the incident's reports and log do not)."""


class DrillQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return unit_q(s, school="school_id")
