"""Disinfection and ventilation (通风消毒制度, domain.md §6.3): adding a school's places, logging a
disinfection or an airing, and whether each place met the norms on a day.

Who may log is the rule `campus.log_roles`, held over the place: over its school, or over a grade
or class of that school (a head teacher airs and disinfects their classroom). Adding a place is for
the school-level holders of the same rule (principal, school leader, school doctor): a head teacher
logs the rooms the school has listed.

The norms are the rules `campus.*` (defaults from domain.md §6.3): each place is aired at least
`ventilation_times_per_day` times for `ventilation_minutes` each, and disinfected at least
`disinfection_times_per_day` times in a way that meets the norm of its method:

- chlorine (含氯消毒剂): available chlorine within `chlorine_mg_l` [low, high] on ordinary surfaces,
  at least `chlorine_isolation_mg_l` in an isolation room, acting at least `contact_minutes`;
- UV lamp: at least `uv_minutes` (in an empty room);
- 75 % ethanol: counts for ordinary places (electronics, handles); not for an isolation room,
  whose surfaces need the stronger chlorine solution;
- other methods: logged, but the norm cannot judge them, so they do not count.

Compliance is computed from the logs each time it is asked, never stored.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.models import ChangeAction
from eduguard.audit.services import record_change, user_or_none
from eduguard.campus.models import DisinfectionLog, DisinfectionMethod, Place, PlaceKind, VentilationLog
from eduguard.campus.models.hygiene import MAX_CONCENTRATION_MG_L, MAX_MINUTES
from eduguard.core.rules import get_rule, get_rules
from eduguard.org.models import School

# A log's time may run this far ahead of the server clock (a phone's clock, typing at the window).
CLOCK_SLACK = dt.timedelta(minutes=5)


def may_log(user, place: Place, day: dt.date | None = None) -> bool:
    return holds_role_over(user, get_rule("campus.log_roles", day), place)


def may_add_place(user, school: School, day: dt.date | None = None) -> bool:
    return holds_role_over(user, get_rule("campus.log_roles", day), school)


def _clean_name(raw, field_name: str, missing: str, errors: dict) -> str:
    value = " ".join((raw or "").split())
    if not value:
        errors.setdefault(field_name, []).append(missing)
    elif len(value) > 30:
        errors.setdefault(field_name, []).append("姓名不超过30个字")
    return value


def _check_common(place: Place, day: dt.date, at: dt.time, duration_min, operator, checker, actor) -> dict:
    """Permission, then the errors every log shares, by field."""
    now = timezone.localtime()
    if not may_log(actor, place, now.date()):
        raise PermissionDenied(
            f"登记消毒通风须由在本校任职的{role_names('campus.log_roles', now.date())}办理"
        )
    errors: dict[str, list[str]] = {}
    if not place.active:
        errors["place"] = [f"“{place.name}”已停用"]
    if day > now.date():
        errors["date"] = ["日期不能晚于今天"]
    elif dt.datetime.combine(day, at) > dt.datetime.combine(now.date(), now.time()) + CLOCK_SLACK:
        errors["date"] = ["时间不能晚于现在"]
    if not isinstance(duration_min, int) or isinstance(duration_min, bool):
        errors["duration_min"] = ["请填写时长（分钟，整数）"]
    elif duration_min <= 0:
        errors["duration_min"] = ["时长应大于0分钟"]
    elif duration_min > MAX_MINUTES:
        errors["duration_min"] = [f"时长不能超过{MAX_MINUTES}分钟（一天）"]
    operator = _clean_name(operator, "operator", "请填写操作人（规范要求操作人签名）", errors)
    checker = _clean_name(checker, "checker", "请填写检查人（规范要求检查人签名）", errors)
    if operator and checker and operator == checker:
        errors.setdefault("checker", []).append("检查人不能与操作人为同一人")
    return errors


@transaction.atomic
def add_place(*, school: School, name: str, kind: str, actor) -> Place:
    if not may_add_place(actor, school):
        raise PermissionDenied(f"添加处所须由负责本校的{role_names('campus.log_roles', None)}办理")
    name = " ".join((name or "").split())[:60]
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["请填写处所名称，如 七(1)班教室"]
    if kind not in PlaceKind.values:
        errors["kind"] = ["请选择处所类型"]
    if not errors and Place.objects.filter(school=school, name=name).exists():
        errors["name"] = [f"本校已有处所“{name}”"]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            place = Place.objects.create(school=school, name=name, kind=kind)
    except IntegrityError:  # the same name added at the same moment
        raise ValidationError({"name": [f"本校已有处所“{name}”"]}) from None
    record_change(
        actor=actor,
        source="web",
        action=ChangeAction.CREATE,
        obj=place,
        before=None,
        after={"school": school.code, "name": name, "kind": kind},
    )
    return place


@transaction.atomic
def log_disinfection(
    *,
    place: Place,
    date: dt.date,
    time: dt.time,
    method: str,
    duration_min: int,
    operator: str,
    checker: str,
    actor,
    agent: str = "",
    concentration_mg_l: int | None = None,
) -> DisinfectionLog:
    """Record one disinfection of `place`: duration_min is the contact (or UV exposure) time."""
    errors = _check_common(place, date, time, duration_min, operator, checker, actor)
    if method not in DisinfectionMethod.values:
        errors["method"] = ["请选择消毒方法"]
    if method == DisinfectionMethod.CHLORINE:
        if concentration_mg_l is None:
            errors["concentration_mg_l"] = ["含氯消毒剂须填写有效氯浓度（mg/L）"]
        elif not 1 <= concentration_mg_l <= MAX_CONCENTRATION_MG_L:
            errors["concentration_mg_l"] = [
                f"有效氯浓度应在 1 到 {MAX_CONCENTRATION_MG_L} mg/L 之间（表面消毒常用 250–500）"
            ]
    else:
        concentration_mg_l = None  # mg/L of available chlorine means nothing for other methods
    if errors:
        raise ValidationError(errors)
    log = DisinfectionLog.objects.create(
        place=place,
        school_id=place.school_id,
        date=date,
        time=time,
        method=method,
        agent=" ".join((agent or "").split())[:60],
        concentration_mg_l=concentration_mg_l,
        duration_min=duration_min,
        operator=" ".join(operator.split()),
        checker=" ".join(checker.split()),
        recorded_by=user_or_none(actor),
    )
    _record(actor, log, {"method": method, "concentration_mg_l": concentration_mg_l})
    return log


@transaction.atomic
def log_ventilation(
    *,
    place: Place,
    date: dt.date,
    start: dt.time,
    duration_min: int,
    operator: str,
    checker: str,
    actor,
) -> VentilationLog:
    """Record one airing of `place`."""
    errors = _check_common(place, date, start, duration_min, operator, checker, actor)
    if errors:
        raise ValidationError(errors)
    log = VentilationLog.objects.create(
        place=place,
        school_id=place.school_id,
        date=date,
        start=start,
        duration_min=duration_min,
        operator=" ".join(operator.split()),
        checker=" ".join(checker.split()),
        recorded_by=user_or_none(actor),
    )
    _record(actor, log, {"start": start.strftime("%H:%M")})
    return log


def _record(actor, log, extra: dict) -> None:
    after = {
        "place": log.place.name,
        "date": log.date.isoformat(),
        "duration_min": log.duration_min,
        "operator": log.operator,
        "checker": log.checker,
        **extra,
    }
    record_change(actor=actor, source="web", action=ChangeAction.CREATE, obj=log, before=None, after=after)


# ----------------------------------------------------------------------------------------------
# Compliance

NORM_RULES = (
    "campus.ventilation_times_per_day",
    "campus.ventilation_minutes",
    "campus.disinfection_times_per_day",
    "campus.chlorine_mg_l",
    "campus.chlorine_isolation_mg_l",
    "campus.contact_minutes",
    "campus.uv_minutes",
)


@dataclass(frozen=True)
class Norms:
    """The norms in force on a day, read from the rules in one go."""

    ventilation_times: int
    ventilation_minutes: int
    disinfection_times: int
    chlorine_low: int
    chlorine_high: int
    chlorine_isolation: int
    contact_minutes: int
    uv_minutes: int

    @classmethod
    def on(cls, day: dt.date) -> "Norms":
        r = get_rules(NORM_RULES, day)
        low, high = r["campus.chlorine_mg_l"]
        return cls(
            ventilation_times=r["campus.ventilation_times_per_day"],
            ventilation_minutes=r["campus.ventilation_minutes"],
            disinfection_times=r["campus.disinfection_times_per_day"],
            chlorine_low=low,
            chlorine_high=high,
            chlorine_isolation=r["campus.chlorine_isolation_mg_l"],
            contact_minutes=r["campus.contact_minutes"],
            uv_minutes=r["campus.uv_minutes"],
        )


def ventilation_problem(log: VentilationLog, norms: Norms) -> str | None:
    """Why this airing does not count, or None when it does."""
    if log.duration_min < norms.ventilation_minutes:
        return f"通风{log.duration_min}分钟，不足{norms.ventilation_minutes}分钟"
    return None


def disinfection_problem(log: DisinfectionLog, kind: str, norms: Norms) -> str | None:
    """Why this disinfection does not meet the norm of its method in a place of `kind`, or None."""
    isolation = kind == PlaceKind.ISOLATION_ROOM
    if log.method == DisinfectionMethod.CHLORINE:
        c = log.concentration_mg_l or 0
        if isolation and c < norms.chlorine_isolation:
            return f"隔离室含氯消毒剂浓度{c}mg/L，低于{norms.chlorine_isolation}"
        if not isolation and c < norms.chlorine_low:
            return f"含氯消毒剂浓度{c}mg/L，低于{norms.chlorine_low}"
        if not isolation and c > norms.chlorine_high:
            return f"含氯消毒剂浓度{c}mg/L，高于{norms.chlorine_high}"
        if log.duration_min < norms.contact_minutes:
            return f"作用时间{log.duration_min}分钟，不足{norms.contact_minutes}分钟"
        return None
    if log.method == DisinfectionMethod.UV:
        if log.duration_min < norms.uv_minutes:
            return f"紫外线照射{log.duration_min}分钟，不足{norms.uv_minutes}分钟"
        return None
    if log.method == DisinfectionMethod.ETHANOL:
        return f"隔离室应使用含氯消毒剂（≥{norms.chlorine_isolation}mg/L）" if isolation else None
    return "其他消毒方法无法按规范核定，不计入"


@dataclass
class PlaceDay:
    """One place on one day: its logs (each with `.problem`, None when it counts) and why the
    place falls short of the norms, if it does."""

    place: Place
    ventilations: list[VentilationLog] = field(default_factory=list)
    disinfections: list[DisinfectionLog] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def compliant(self) -> bool:
        return not self.reasons

    @property
    def ventilations_ok(self) -> int:
        return sum(1 for v in self.ventilations if v.problem is None)

    @property
    def disinfections_ok(self) -> int:
        return sum(1 for d in self.disinfections if d.problem is None)


@dataclass
class SchoolDay:
    """A school's places on one day and the summary (places compliant / active places)."""

    school_id: int
    day: dt.date
    norms: Norms
    places: list[PlaceDay] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.places)

    @property
    def compliant(self) -> int:
        return sum(1 for p in self.places if p.compliant)

    @property
    def failing(self) -> int:
        return self.total - self.compliant


def judge(place_day: PlaceDay, norms: Norms) -> PlaceDay:
    """Mark each log of the place's day and write down why the place falls short."""
    for v in place_day.ventilations:
        v.problem = ventilation_problem(v, norms)
    for d in place_day.disinfections:
        d.problem = disinfection_problem(d, place_day.place.kind, norms)
    reasons = []
    aired, short = place_day.ventilations_ok, len(place_day.ventilations) - place_day.ventilations_ok
    if aired < norms.ventilation_times:
        extra = f"（另有{short}次不足{norms.ventilation_minutes}分钟）" if short else ""
        reasons.append(f"通风{aired}次，应≥{norms.ventilation_times}次{extra}")
    if place_day.disinfections_ok < norms.disinfection_times:
        reasons.append(f"消毒{place_day.disinfections_ok}次，应≥{norms.disinfection_times}次")
        reasons.extend(d.problem for d in place_day.disinfections if d.problem)
    place_day.reasons = reasons
    return place_day


def compliance_by_school(school_ids, day: dt.date) -> dict[int, SchoolDay]:
    """compliance() of several schools in three queries (and the rules), by school id."""
    school_ids = list(school_ids)
    norms = Norms.on(day)
    result = {pk: SchoolDay(pk, day, norms) for pk in school_ids}
    places = {}
    for place in Place.objects.filter(school_id__in=school_ids).active().in_order():
        places[place.pk] = PlaceDay(place)
        result[place.school_id].places.append(places[place.pk])
    for v in VentilationLog.objects.filter(school_id__in=school_ids, date=day).order_by("start", "id"):
        if v.place_id in places:
            places[v.place_id].ventilations.append(v)
    for d in DisinfectionLog.objects.filter(school_id__in=school_ids, date=day).order_by("time", "id"):
        if d.place_id in places:
            places[d.place_id].disinfections.append(d)
    for place_day in places.values():
        judge(place_day, norms)
    return result


def compliance(school: School, day: dt.date | None = None) -> SchoolDay:
    """Each active place of `school` on `day` (today by default) with its ventilations and
    disinfections that day, each marked as meeting the norms or not, and the reasons the place
    falls short; the summary is places compliant / active places."""
    day = day or timezone.localdate()
    return compliance_by_school([school.pk], day)[school.pk]
