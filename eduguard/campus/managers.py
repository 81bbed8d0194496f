"""Scope for campus records. A school's documents are seen by whoever sees the school. Its places
and their disinfection and ventilation logs are also seen by the staff who work in it through a
grade or a class (a school leader covering a grade, a head teacher): they air and disinfect their
own rooms and log it, so they need the school's places, though not its roster or its documents."""

import datetime as dt

from django.db import models
from django.db.models import Case, Q, Value, When

from eduguard.core.county import CountyQuerySet
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


def gate_or_scope_q(user, s, school: str, roster_q: Q) -> Q:
    """Records of the gate: seen by those whose roster scope reaches them (`roster_q`) and by
    those who work the school's gate."""
    from eduguard.accounts.scope import gate_school_ids

    return roster_q | Q(**{f"{school}__in": gate_school_ids(user)})


class GateScopedQuerySet(models.QuerySet):
    """Like ScopedQuerySet, but the gate's own staff also see the records of their gate."""

    def roster_q(self, s) -> Q:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def visible_to(self, user):
        from eduguard.accounts.scope import scope_for

        scope = scope_for(user)
        if scope.everything:
            return self.all()
        return self.filter(gate_or_scope_q(user, scope, "school_id", self.roster_q(scope)))


class GateRecordQuerySet(GateScopedQuerySet):
    """Gate entries and visits: the school's (roster scope at school level), or one's gate."""

    def roster_q(self, s):
        return unit_q(s, school="school_id")


class GateEntryQuerySet(CountyQuerySet, GateRecordQuerySet):
    """Gate entries carry their person's county (visits, which share the scope, do not)."""


class LeavePassQuerySet(CountyQuerySet, GateScopedQuerySet):
    """Leave passes follow their student (the head teacher issues them) and the gate uses them."""

    def roster_q(self, s):
        return unit_q(s, school="school_id", school_class="person__school_class", person="person_id")

    def valid(self):
        return self.filter(cancelled=False, back_at__isnull=True)


class GateSchoolQuerySet(SchoolQuerySet):
    """Schools as the gate screen reaches them: the schools whose gate one works."""

    def visible_to(self, user):
        from eduguard.accounts.scope import gate_school_ids

        ids = gate_school_ids(user)
        return self.all() if ids is None else self.filter(id__in=ids)


class VisitQuerySet(GateRecordQuerySet):
    """Visits: the school's and its gate's, and the ones a user hosts (a head teacher's guest)."""

    def visible_to(self, user):
        seen = super().visible_to(user)
        if getattr(user, "is_authenticated", False) and not user.is_superuser:
            seen = seen | self.filter(host=user)
        return seen


def _with_gate(queryset, user, scope_q):
    from eduguard.accounts.scope import gate_school_ids, scope_for

    scope = scope_for(user)
    if scope.everything:
        return queryset.all()
    return queryset.filter(scope_q(scope) | Q(id__in=gate_school_ids(user)))


class GateLogSchoolQuerySet(SchoolQuerySet):
    """Schools whose gate log one reads: those one sees whole, and those whose gate one works."""

    def visible_to(self, user):
        return _with_gate(self, user, self.scope_q)


class GatePagesSchoolQuerySet(WorkplaceQuerySet):
    """Schools whose visitor and leave-pass pages one reaches: the schools one works in (a head
    teacher receives visitors and issues passes) and those whose gate one works."""

    def visible_to(self, user):
        return _with_gate(self, user, self.scope_q)
