"""Scope for supervision records: they belong to a school and are seen by whoever sees it (the
school's leaders, the bureau staff and leaders covering it, and the inspectors assigned to it).
Every team inspecting a school therefore sees every inspection of that school, whoever made it."""

from django.db.models import QuerySet

from eduguard.org.managers import ScopedQuerySet, unit_q


class SchoolRecordQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return unit_q(s, school="school_id")


class ChecklistQuerySet(QuerySet):
    """Checklist templates are the bureau's configuration, like the rules: not scoped."""

    def in_force(self, day):
        return self.filter(active=True, effective_from__lte=day)


class TeamQuerySet(ScopedQuerySet):
    """A team is seen by whoever sees one of its schools."""

    def scope_q(self, s):
        from django.db.models import Q

        return Q(schools__in=s.school_ids)

    def visible_to(self, user):
        return super().visible_to(user).distinct()


class BatchQuerySet(ScopedQuerySet):
    """A batch is seen by whoever sees the county or one of its schools; the board inside lists
    only the schools the user sees."""

    def scope_q(self, s):
        from django.db.models import Q

        return Q(county_id__in=s.county_ids) | Q(schools__in=s.school_ids)

    def visible_to(self, user):
        return super().visible_to(user).distinct()
