"""Scoped managers: `visible_to(user)` is the only way a queryset reaches a user (DESIGN principle 1)."""

from django.db import models
from django.db.models import Q

from eduguard.accounts.scope import scope_for
from eduguard.core import county


def unit_q(
    s, *, school: str, school_class: str | None = None, person: str | None = None, county: str | None = None
) -> Q:
    """The scope filter for any record placed in the tree, named by its field paths.

    school: path to the school id; school_class: path to the class (its grade is followed);
    person: path to the person id (person-level assignments); county: path to the county id,
    for records of the bureau itself, which have no school and are seen at county level only.
    """
    q = Q(**{f"{school}__in": s.school_ids})
    if school_class:
        q |= Q(**{f"{school_class}__grade_id__in": s.grade_ids}) | Q(
            **{f"{school_class}_id__in": s.class_ids}
        )
    if person:
        q |= Q(**{f"{person}__in": s.person_ids})
    if county:
        q |= Q(**{f"{school}__isnull": True, f"{county}__in": s.county_ids})
    return q


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
        return unit_q(s, school="school_id", school_class="school_class", person="id", county="county_id")

    def students(self):
        return self.filter(category="student")


# county.CountyQuerySet fills the county on bulk_create (not the CountyQuerySet of County above).
class GuardianQuerySet(county.CountyQuerySet, ScopedQuerySet):
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
