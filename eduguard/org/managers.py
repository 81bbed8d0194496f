"""Scoped managers: `visible_to(user)` is the only way a queryset reaches a user (DESIGN principle 1)."""

from django.db import models
from django.db.models import Q

from eduguard.accounts.scope import scope_for


class ScopedQuerySet(models.QuerySet):
    def scope_q(self, scope) -> Q:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def visible_to(self, user):
        scope = scope_for(user)
        if scope.everything:
            return self.all()
        return self.filter(self.scope_q(scope))


class CountyQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return Q(id__in=s.county_ids)


class GridQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return Q(county_id__in=s.county_ids) | Q(id__in=s.grid_ids)


class SchoolQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return Q(id__in=s.school_ids)


class GradeQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return Q(school_id__in=s.school_ids) | Q(id__in=s.grade_ids)


class ClassQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return Q(school_id__in=s.school_ids) | Q(grade_id__in=s.grade_ids) | Q(id__in=s.class_ids)


class DormRoomQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return Q(school_id__in=s.school_ids)


class PersonQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return (
            Q(school_id__in=s.school_ids)
            | Q(school__isnull=True, county_id__in=s.county_ids)  # bureau staff: county scope only
            | Q(school_class__grade_id__in=s.grade_ids)
            | Q(school_class_id__in=s.class_ids)
            | Q(id__in=s.person_ids)
        )

    def students(self):
        return self.filter(category="student")


class GuardianQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        from eduguard.org.models import Person

        people = Person.objects.all()
        return Q(person_id__in=people.filter(people.scope_q(s)).values("id"))


CountyManager = models.Manager.from_queryset(CountyQuerySet)
GridManager = models.Manager.from_queryset(GridQuerySet)
SchoolManager = models.Manager.from_queryset(SchoolQuerySet)
GradeManager = models.Manager.from_queryset(GradeQuerySet)
ClassManager = models.Manager.from_queryset(ClassQuerySet)
DormRoomManager = models.Manager.from_queryset(DormRoomQuerySet)
PersonManager = models.Manager.from_queryset(PersonQuerySet)
GuardianManager = models.Manager.from_queryset(GuardianQuerySet)
