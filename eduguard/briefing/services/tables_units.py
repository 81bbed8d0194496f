"""The units an upward table is made for: the county, a grid or a school, within the user's scope.

A user may pick the units they see (County/Grid/School.objects.visible_to) and the schools of the
grades and classes they cover, which they see only in part: a head teacher's table for their school
holds their class only. Every table narrows its scoped querysets with `Unit.narrow`, so a row is
in a table only if it is both in the unit and visible to the user.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q

from eduguard.org.models import County, Grade, Grid, School, SchoolClass

LEVELS = ("county", "grid", "school")


@dataclass(frozen=True)
class Unit:
    level: str  # county | grid | school
    obj: County | Grid | School
    whole: bool = True  # False: a school seen only through the grades or classes one covers

    @property
    def key(self) -> str:
        return f"{self.level}:{self.obj.pk}"

    @property
    def county(self) -> County:
        return self.obj if self.level == "county" else self.obj.county

    @property
    def name(self) -> str:
        """As the table's title names it: the bureau, the county's grid, the school."""
        if self.level == "county":
            return self.obj.bureau_name or self.obj.name
        if self.level == "grid":
            return f"{self.obj.county.name}{self.obj.name}"
        return self.obj.name

    @property
    def label(self) -> str:
        """As the unit picker shows it."""
        prefix = {"county": "全县", "grid": "网格", "school": "学校"}[self.level]
        suffix = "" if self.whole else "（负责的年级或班级）"
        return f"{prefix}：{self.obj.name}{suffix}"

    def q(self, school: str, county: str | None = None) -> Q:
        """The filter that keeps a record of this unit, named by the record's path to its school
        and, for records of the bureau itself (no school), to its county."""
        if self.level == "school":
            return Q(**{f"{school}_id": self.obj.pk})
        if self.level == "grid":
            return Q(**{f"{school}__grid_id": self.obj.pk})
        q = Q(**{f"{school}__county_id": self.obj.pk})
        if county:
            q |= Q(**{f"{school}__isnull": True, f"{county}_id": self.obj.pk})
        return q

    def narrow(self, queryset, school: str, county: str | None = None):
        return queryset.filter(self.q(school, county))

    def schools(self, user):
        """The unit's schools the user sees whole."""
        field = {"county": "county_id", "grid": "grid_id", "school": "pk"}[self.level]
        return School.objects.visible_to(user).filter(**{field: self.obj.pk})


def units_for(user) -> list[Unit]:
    """Every unit the user may make tables for, widest first: counties, grids, schools."""
    units = [Unit("county", c) for c in County.objects.visible_to(user)]
    units += [Unit("grid", g) for g in Grid.objects.visible_to(user).select_related("county")]
    whole = list(School.objects.visible_to(user).select_related("county"))
    units += [Unit("school", s) for s in whole]
    seen = {s.pk for s in whole}
    reached = set(SchoolClass.objects.visible_to(user).values_list("school_id", flat=True))
    reached |= set(Grade.objects.visible_to(user).values_list("school_id", flat=True))
    partial = School.objects.filter(pk__in=reached - seen).select_related("county")
    units += [Unit("school", s, whole=False) for s in partial]
    return units


class UnitNotFound(LookupError):
    """A unit that does not exist or is outside the user's scope (the page answers 404 alike)."""


def resolve_unit(units: list[Unit], key: str) -> Unit | None:
    """The unit a key names (county, county:ID, grid:ID, school:ID); the widest one for an empty
    key (None when the user has none). A malformed key is a ValidationError; a unit not in `units`
    is UnitNotFound."""
    key = (key or "").strip()
    if not key:
        return units[0] if units else None
    level, _, raw = key.partition(":")
    if level not in LEVELS or (raw and not raw.isdigit()) or (not raw and level != "county") or len(raw) > 18:
        raise ValidationError({"unit": ["单位应写作 county、county:编号、grid:编号 或 school:编号"]})
    if not raw:
        counties = [u for u in units if u.level == "county"]
        if len(counties) > 1:
            raise ValidationError({"unit": ["可查看多个县，请写明 county:编号"]})
        if not counties:
            raise UnitNotFound(key)
        return counties[0]
    for unit in units:
        if unit.level == level and unit.obj.pk == int(raw):
            return unit
    raise UnitNotFound(key)
