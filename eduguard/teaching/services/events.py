"""Health education events: recorded whole (the event, its schools, the classes it reached and its
speakers) by those who may enter for every school named, or by the bureau for a county-wide one."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from eduguard.accounts.scope import role_names
from eduguard.audit.services import record_web_change
from eduguard.core.rules import get_rule
from eduguard.org.models import School, SchoolClass
from eduguard.teaching.choices import EventKind
from eduguard.teaching.models import HealthEducationEvent, Speaker
from eduguard.teaching.services.access import enterable_schools, may_manage_county

MAX_DAYS_AHEAD = 366  # an event is recorded when held, or ahead when planned (开学第一课 is arranged ahead)


def classes_of(schools, levels) -> list[SchoolClass]:
    """The classes of these grade levels in these schools (what an event reached)."""
    return list(
        SchoolClass.objects.filter(school__in=schools, grade__level__in=levels).select_related("grade")
    )


@transaction.atomic
def record_event(
    *,
    county,
    kind: str,
    title: str,
    date: dt.date,
    actor,
    schools=(),
    classes=(),
    county_wide: bool = False,
    theme: str = "",
    topics=(),
    speakers=(),
    note: str = "",
) -> HealthEducationEvent:
    """Create the event. `speakers`: (name, title) pairs, at least one."""
    schools, classes, topics = list(schools), list(classes), list(topics)
    errors: dict[str, list[str]] = {}
    if kind not in EventKind.values:
        errors["kind"] = [gettext("请选择活动类型")]
    if not (title or "").strip():
        errors["title"] = [gettext("请填写活动名称")]
    if date is None or (date - timezone.localdate()).days > MAX_DAYS_AHEAD:
        errors["date"] = [gettext("日期不能晚于一年以后")]
    if not county_wide and not schools:
        errors["schools"] = [gettext("请选择学校，或勾选“全县统一组织”")]
    if any(s.county_id != county.pk for s in schools):
        errors["schools"] = [gettext("学校须属于{county}").format(county=county)]
    known = set(get_rule("teaching.event_topics", date))
    if set(topics) - known:
        errors["topics"] = [
            gettext("学习内容不在可选范围内：{topics}").format(topics="、".join(sorted(set(topics) - known)))
        ]
    if not speakers:
        errors["speakers"] = [gettext("请填写主讲人")]
    where = {s.pk for s in schools}
    if county_wide and not where:
        where = set(School.objects.filter(county=county).values_list("id", flat=True))
    strays = [c for c in classes if c.school_id not in where]
    if strays:
        errors["levels"] = [gettext("覆盖班级须在所选学校中")]
    if errors:
        raise ValidationError(errors)
    if county_wide and not may_manage_county(actor, county):
        raise PermissionDenied(
            gettext("全县性的活动由在全县担任{roles}的人登记").format(
                roles=role_names("teaching.bureau_roles")
            )
        )
    allowed = set(
        enterable_schools(actor).filter(id__in=[s.pk for s in schools]).values_list("id", flat=True)
    )
    refused = [s.name for s in schools if s.pk not in allowed]
    if refused:
        raise PermissionDenied(gettext("您不能为{schools}登记活动").format(schools="、".join(refused)))
    event = HealthEducationEvent.objects.create(
        county=county,
        kind=kind,
        title=title.strip(),
        theme=(theme or "").strip(),
        date=date,
        county_wide=county_wide,
        topics=topics,
        note=(note or "").strip(),
        created_by=actor,
    )
    event.schools.set(schools)
    event.classes.set(classes)
    Speaker.objects.bulk_create(
        [Speaker(event=event, name=name, title=t, order=i) for i, (name, t) in enumerate(speakers)]
    )
    after = {
        "kind": kind,
        "title": event.title,
        "date": date.isoformat(),
        "county_wide": county_wide,
        "schools": [s.pk for s in schools],
        "classes": len(classes),
        "speakers": [f"{t}{n}" for n, t in speakers],
        "topics": topics,
    }
    record_web_change(actor=actor, obj=event, before=None, after=after)
    return event
