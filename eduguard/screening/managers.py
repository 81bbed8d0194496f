"""Scope for screening records: people's answers and categories follow the person's placement."""

from django.db.models import Q

from eduguard.core.county import CountyQuerySet
from eduguard.org.managers import ScopedQuerySet, unit_q


class CampaignQuerySet(ScopedQuerySet):
    """A campaign is county-wide: anyone whose scope reaches into its county sees it (the
    answers inside stay filtered by person)."""

    def scope_q(self, s):
        from eduguard.org.models import Person, School

        schools = School.objects.filter(
            Q(id__in=s.school_ids) | Q(grades__in=s.grade_ids) | Q(classes__in=s.class_ids)
        ).values("county_id")
        people = Person.objects.filter(id__in=s.person_ids).values("county_id")
        return Q(county_id__in=s.county_ids) | Q(county_id__in=schools) | Q(county_id__in=people)


class ResponseQuerySet(CountyQuerySet, ScopedQuerySet):
    def scope_q(self, s):
        return unit_q(
            s, school="school_id", school_class="school_class", person="person_id", county="person__county_id"
        )


class PersonCategoryQuerySet(CountyQuerySet, ScopedQuerySet):
    def scope_q(self, s):
        return unit_q(
            s, school="school_id", school_class="school_class", person="person_id", county="person__county_id"
        )

    def current(self):
        return self.filter(valid_to__isnull=True)


class QuarantineQuerySet(CountyQuerySet, ScopedQuerySet):
    def scope_q(self, s):
        return unit_q(
            s, school="school_id", school_class="school_class", person="person_id", county="person__county_id"
        )

    def open_on(self, day):
        """Not released by `day` (including those past their end and waiting for release)."""
        return self.filter(started_on__lte=day).filter(Q(released_on__isnull=True) | Q(released_on__gt=day))


class ObservationQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return unit_q(
            s,
            school="quarantine__school_id",
            school_class="quarantine__school_class",
            person="quarantine__person_id",
            county="quarantine__person__county_id",
        )
