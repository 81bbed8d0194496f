"""Duty shifts and activities of the volunteers: planning a shift with its volunteers, marking
who came (each one present is a person-time, 人次), and recording an activity with its counts.

A shift ends after it starts and lasts at most a day (a database check backs the first); a
volunteer is never on two shifts that overlap in time (shifts that only touch, 8–12 and 12–16, do
not). The overlap is checked with the volunteers' rows locked, so two people planning at the same
moment cannot both book the same volunteer.

Person-times of an activity come from its shifts' attended assignments. An activity recorded
afterwards without shifts carries the person-times it reports (`entered_person_times`); a shift
cannot be attached to such an activity, so no person-time is counted twice.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from eduguard.accounts.scope import role_names
from eduguard.audit.services import record_web_change, user_or_none
from eduguard.outreach.models import (
    ActivityKind,
    Attendance,
    Post,
    Shift,
    ShiftAssignment,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)
from eduguard.outreach.services.volunteers import (
    RULE,
    Unit,
    clean_day,
    clean_text,
    is_leader_of,
    may_manage,
    refuse_unless_manages,
    unit_of,
)

LONGEST_SHIFT = dt.timedelta(hours=24)
# Far above any real activity of a county (seed 004: 20,000 leaflets in a month, all schools):
# a larger figure is a slip of the keyboard.
MAX_COUNTS = {"banners": 10_000, "leaflets": 1_000_000, "persuaded": 100_000, "entered_person_times": 100_000}
COUNT_LABELS = {
    "banners": "悬挂宣传条幅",
    "leaflets": "发放宣传单",
    "persuaded": "劝返人员",
    "entered_person_times": "参与人次",
}


def when(moment: dt.datetime) -> str:
    """2月3日 08:00, in the local time zone: how a refusal names a time."""
    local = timezone.localtime(moment)
    return gettext("{m}月{d}日 {hm}").format(m=local.month, d=local.day, hm=local.strftime("%H:%M"))


def span(start: dt.datetime, end: dt.datetime) -> str:
    local = timezone.localtime(end)
    same_day = timezone.localtime(start).date() == local.date()
    return f"{when(start)}–{local:%H:%M}" if same_day else f"{when(start)}–{when(end)}"


def _belongs(obj, unit: Unit) -> bool:
    return obj.county_id == unit.county.pk and obj.school_id == (unit.school.pk if unit.school else None)


def may_mark(user, shift: Shift) -> bool:
    """Those who manage the shift's unit, and the leader of its team on their own account."""
    return may_manage(user, unit_of(shift)) or is_leader_of(user, shift.team)


def check_times(starts_at, ends_at) -> dict[str, list[str]]:
    """The problems with a shift's times, by field (none: {}): both given, the end after the start
    (a shift ending before or when it starts is refused), at most a day long. The new-shift form
    shows the same messages before anything reaches the service."""
    errors: dict[str, list[str]] = {}
    if not isinstance(starts_at, dt.datetime):
        errors["starts_at"] = [gettext("请填写开始时间")]
    if not isinstance(ends_at, dt.datetime):
        errors["ends_at"] = [gettext("请填写结束时间")]
    if errors:
        return errors
    if ends_at <= starts_at:
        errors["ends_at"] = [
            gettext("结束时间（{end}）须晚于开始时间（{start}）").format(
                end=when(ends_at), start=when(starts_at)
            )
        ]
    elif ends_at - starts_at > LONGEST_SHIFT:
        errors["ends_at"] = [gettext("一次排班不超过24小时，请分成几班")]
    return errors


def _shift_snapshot(shift: Shift) -> dict:
    return {
        "school": shift.school.code if shift.school_id else None,
        "team": shift.team_id,
        "activity": shift.activity_id,
        "post": shift.post,
        "place": shift.place,
        "township": shift.township,
        "starts_at": shift.starts_at.isoformat(),
        "ends_at": shift.ends_at.isoformat(),
        "volunteers": {str(a.volunteer_id): a.status for a in shift.assignments.order_by("volunteer_id")},
    }


@transaction.atomic
def plan_shift(
    *,
    unit: Unit,
    post: str,
    place: str,
    township: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    volunteers,
    team: VolunteerTeam | None = None,
    activity: VolunteerActivity | None = None,
    note: str = "",
    actor,
) -> Shift:
    """Plan a shift of `unit` with its volunteers.

    1. The actor must hold `outreach.volunteer_roles` over the unit (PermissionDenied).
    2. The shift ends after it starts, within a day; post, place and township are given.
    3. The team and the activity are the unit's; the activity has no entered person-times.
    4. Each volunteer is active and the unit's (any of the county's for a county shift).
    5. With those volunteers locked, none is on another shift that overlaps this one.
    6. The shift, its assignments and the change-log row are written together.
    """
    refuse_unless_manages(actor, unit)
    errors: dict[str, list[str]] = {}
    if post not in Post.values:
        errors["post"] = [gettext("请选择岗位")]
    place = clean_text(place, "place", errors, required=True, label=gettext("地点"))
    township = clean_text(township, "township", errors, required=True, label=gettext("乡镇"))
    note = clean_text(note, "note", errors)
    errors.update(check_times(starts_at, ends_at))
    if team is not None and not _belongs(team, unit):
        errors["team"] = [gettext("“{team}”不是{unit}的服务队").format(team=team.name, unit=unit.label)]
    if activity is not None:
        if not _belongs(activity, unit):
            errors["activity"] = [gettext("该活动不是{unit}的活动").format(unit=unit.label)]
        elif activity.entered_person_times:
            errors["activity"] = [
                gettext("该活动已按填报的 {n} 人次计入，不能再关联排班（以免重复计数）").format(
                    n=activity.entered_person_times
                )
            ]
    chosen = list(dict.fromkeys(volunteers))
    if not chosen:
        errors["volunteers"] = [gettext("请至少安排一名志愿者")]
    for v in chosen:
        if not _belongs(v, unit) and not (unit.school is None and v.county_id == unit.county.pk):
            errors.setdefault("volunteers", []).append(
                gettext("{name}不是{unit}的志愿者").format(name=v.display_name, unit=unit.label)
            )
        elif not v.active:
            errors.setdefault("volunteers", []).append(gettext("{name}已不在岗").format(name=v.display_name))
    if chosen and not errors.keys() & {"starts_at", "ends_at", "volunteers"}:
        # Lock in id order (two planners never wait on each other in a circle), then look.
        list(Volunteer.objects.select_for_update().filter(pk__in=[v.pk for v in chosen]).order_by("pk"))
        clashes = (
            ShiftAssignment.objects.filter(
                volunteer__in=chosen, shift__starts_at__lt=ends_at, shift__ends_at__gt=starts_at
            )
            .select_related("shift", "volunteer__person")
            .order_by("volunteer_id", "shift__starts_at")
        )
        for a in clashes:
            errors.setdefault("volunteers", []).append(
                gettext("{name}在 {span} 已有排班（{place} · {post}），时间重叠").format(
                    name=a.volunteer.display_name,
                    span=span(a.shift.starts_at, a.shift.ends_at),
                    place=a.shift.place,
                    post=a.shift.get_post_display(),
                )
            )
    if errors:
        raise ValidationError(errors)
    shift = Shift.objects.create(
        county=unit.county,
        school=unit.school,
        team=team,
        activity=activity,
        post=post,
        place=place,
        township=township,
        starts_at=starts_at,
        ends_at=ends_at,
        note=note,
        created_by=user_or_none(actor),
    )
    ShiftAssignment.objects.bulk_create([ShiftAssignment(shift=shift, volunteer=v) for v in chosen])
    record_web_change(actor=actor, obj=shift, before=None, after=_shift_snapshot(shift))
    return shift


@transaction.atomic
def mark_attendance(*, shift: Shift, present, actor, now: dt.datetime | None = None) -> int:
    """Mark who came to a shift that has started: the volunteers in `present` are present (one
    person-time each), the others absent. Marking again replaces the marks. Returns how many came."""
    if not may_mark(actor, shift):
        raise PermissionDenied(
            gettext("登记到岗须由负责的{roles}或本队队长办理").format(roles=role_names(RULE))
        )
    shift = Shift.objects.select_for_update().get(pk=shift.pk)
    now = now or timezone.now()
    if shift.starts_at > now:
        raise ValidationError(
            {"present": [gettext("排班 {start} 开始，开始后再登记到岗").format(start=when(shift.starts_at))]}
        )
    assigned = set(shift.assignments.values_list("volunteer_id", flat=True))
    came = {v.pk if isinstance(v, Volunteer) else int(v) for v in present}
    if came - assigned:
        raise ValidationError({"present": [gettext("只能登记本班次安排的志愿者")]})
    before = _shift_snapshot(shift)
    rows = shift.assignments.all()
    marker = user_or_none(actor)
    rows.filter(volunteer_id__in=came).update(status=Attendance.PRESENT, marked_by=marker, marked_at=now)
    rows.exclude(volunteer_id__in=came).update(status=Attendance.ABSENT, marked_by=marker, marked_at=now)
    record_web_change(actor=actor, obj=shift, before=before, after=_shift_snapshot(shift))
    return len(came)


def _clean_count(value, name: str, errors: dict) -> int:
    label = gettext(COUNT_LABELS[name])
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except ValueError:
            errors[name] = [gettext("{label}须为整数").format(label=label)]
            return 0
    if value < 0:
        errors[name] = [gettext("{label}不能为负数").format(label=label)]
    elif value > MAX_COUNTS[name]:
        errors[name] = [gettext("{label}不超过 {n}，请核对").format(label=label, n=MAX_COUNTS[name])]
    return value


@transaction.atomic
def record_activity(
    *,
    unit: Unit,
    date: dt.date,
    township: str,
    kind: str,
    team: VolunteerTeam | None = None,
    place: str = "",
    summary: str = "",
    banners=0,
    leaflets=0,
    persuaded=0,
    entered_person_times=0,
    actor,
) -> VolunteerActivity:
    """Record an activity of `unit` with its counts (whole numbers, none negative). Person-times
    are entered only for an activity without shifts; leave them 0 and attach shifts otherwise."""
    refuse_unless_manages(actor, unit)
    errors: dict[str, list[str]] = {}
    date = clean_day(date, "date", errors, today=timezone.localdate())
    township = clean_text(township, "township", errors, required=True, label=gettext("乡镇"))
    place = clean_text(place, "place", errors)
    summary = clean_text(summary, "summary", errors)
    if kind not in ActivityKind.values:
        errors["kind"] = [gettext("请选择活动类型")]
    if team is not None and not _belongs(team, unit):
        errors["team"] = [gettext("“{team}”不是{unit}的服务队").format(team=team.name, unit=unit.label)]
    counts = {
        name: _clean_count(value, name, errors)
        for name, value in (
            ("banners", banners),
            ("leaflets", leaflets),
            ("persuaded", persuaded),
            ("entered_person_times", entered_person_times),
        )
    }
    if errors:
        raise ValidationError(errors)
    activity = VolunteerActivity.objects.create(
        county=unit.county,
        school=unit.school,
        team=team,
        date=date,
        township=township,
        kind=kind,
        place=place,
        summary=summary,
        created_by=user_or_none(actor),
        **counts,
    )
    record_web_change(
        actor=actor,
        obj=activity,
        before=None,
        after={
            "school": unit.school.code if unit.school else None,
            "team": activity.team_id,
            "date": activity.date.isoformat(),
            "township": township,
            "kind": kind,
            "place": place,
            "summary": summary,
            **counts,
        },
    )
    return activity
