"""Scope of health records: the placement the record was made in (school/class of the day)."""

from eduguard.org.managers import ScopedQuerySet, unit_q


class DailyReportQuerySet(ScopedQuerySet):
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
