"""Scope of health records: the placement the record was made in (school/class of the day)."""

from eduguard.core.county import CountyQuerySet
from eduguard.org.managers import ScopedQuerySet, unit_q


class DailyReportQuerySet(CountyQuerySet, ScopedQuerySet):
    def scope_q(self, s):
        return unit_q(
            s, school="school_id", school_class="school_class", person="person_id", county="person__county_id"
        )

    def for_date(self, day):
        return self.filter(date=day)

    def abnormal(self):
        return self.filter(abnormal=True)


class FollowUpQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return unit_q(
            s,
            school="report__school_id",
            school_class="report__school_class",
            person="report__person_id",
            county="report__person__county_id",
        )

    def open(self):
        return self.filter(status="open")


class ClassRecordQuerySet(ScopedQuerySet):
    """Records that belong to a class as a whole (its report link, its zero reports)."""

    def scope_q(self, s):
        return unit_q(s, school="school_class__school_id", school_class="school_class")


class TallyQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return unit_q(s, school="school_id", school_class="school_class", county="county_id")

    def students(self):
        return self.filter(school_class__isnull=False)


class CheckQuerySet(ClassRecordQuerySet):
    """A class's check is the class's record: seen by whoever covers the class."""

    def for_date(self, day):
        return self.filter(date=day)


class FindingQuerySet(CountyQuerySet, ScopedQuerySet):
    """A finding is seen with its class, and by a teacher who covers that one student."""

    def scope_q(self, s):
        return unit_q(
            s,
            school="health_check__school_class__school_id",
            school_class="health_check__school_class",
            person="person_id",
        )


class AbsenceQuerySet(CountyQuerySet, ScopedQuerySet):
    def scope_q(self, s):
        return unit_q(s, school="school_id", school_class="school_class", person="person_id")

    def open(self):
        return self.filter(returned_on__isnull=True)

    def on(self, day):
        """Absences that cover `day`: started by then and not yet back."""
        from django.db.models import Q

        return self.filter(Q(returned_on__isnull=True) | Q(returned_on__gt=day), started_on__lte=day)

    def lacking_certificate(self):
        return self.open().filter(needs_certificate=True)


class AbsencePartQuerySet(ScopedQuerySet):
    """Follow-ups and certificates: seen with their absence."""

    def scope_q(self, s):
        return unit_q(
            s, school="absence__school_id", school_class="absence__school_class", person="absence__person_id"
        )
