"""Scope for campus records. A school's documents are seen by whoever sees the school. Its places
and their disinfection and ventilation logs are also seen by the staff who work in it through a
grade or a class (a school leader covering a grade, a head teacher): they air and disinfect their
own rooms and log it, so they need the school's places, though not its roster or its documents."""

import datetime as dt

from django.db import models
from django.db.models import Case, Q, Value, When

from eduguard.org.managers import SchoolQuerySet, ScopedQuerySet, unit_q


def worked_in_q(s, school: str) -> Q:
    """The scope filter for records of the schools a scope reaches into: the school seen whole
    (county, grid or school level), or one of its grades or classes. `school`: path to the school id."""
    from eduguard.org.models import Grade, SchoolClass

    return (
        unit_q(s, school=school)
        | Q(**{f"{school}__in": Grade.objects.filter(id__in=s.grade_ids).values("school_id")})
        | Q(**{f"{school}__in": SchoolClass.objects.filter(id__in=s.class_ids).values("school_id")})
    )


class WorkplaceQuerySet(SchoolQuerySet):
    """Schools as the hygiene pages reach them: the schools one sees, and the schools one works in
    through a grade or a class. Used as `WorkplaceQuerySet(model=School)`; the roster pages keep
    `School.objects.visible_to`."""

    def scope_q(self, s):
        return worked_in_q(s, "id")


class RequiredDocumentQuerySet(models.QuerySet):
    """The bureau's list of required documents: configuration, not a record of anyone's (like the
    risk categories), so not scoped."""

    def in_force(self, day: dt.date):
        return self.filter(active=True, effective_from__lte=day).order_by("kind", "order", "code")


class SchoolDocumentQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return unit_q(s, school="school_id")


class PlaceQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return worked_in_q(s, "school_id")

    def active(self):
        return self.filter(active=True)

    def in_order(self):
        """Classrooms first, then the other kinds in the order of their choices, by name."""
        from eduguard.campus.models import PlaceKind

        rank = Case(*(When(kind=k, then=Value(n)) for n, k in enumerate(PlaceKind.values)), default=Value(99))
        return self.order_by(rank, "name")


class HygieneLogQuerySet(ScopedQuerySet):
    """Disinfection and ventilation logs: they carry their place's school."""

    def scope_q(self, s):
        return worked_in_q(s, "school_id")

    def on(self, day: dt.date):
        return self.filter(date=day)
