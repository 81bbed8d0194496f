"""Reminders and escalation for the daily report (issue 3 §6).

The class checks' deadlines are steps too: the school's reporter hears of classes that have not
filed (services/check_reminders.py).

At each reminder time the guardians and staff who have not reported get one message (siblings
sharing a guardian phone get one message naming both). At the deadline each head teacher is
told who in their class is still missing; after the escalation delay, the school leader
covering the grade (or the principal) is told too. Every message goes through the outbox with a
key naming day, step and recipient, so running a step twice sends nothing twice.
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.core.rules import get_rule
from eduguard.health.models import ClassLink, DailyReport
from eduguard.health.services.check_reminders import PREFIX as CHECKS_PREFIX
from eduguard.health.services.check_reminders import report_missing_checks
from eduguard.notify.services import deliver_pending, enqueue, phone_channel, staff_channel
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person

TEACHER, LEADER = "escalate_teacher", "escalate_leader"


def _at(day: dt.date, hhmm: str, plus_minutes: int = 0) -> dt.datetime:
    hh, mm = (int(x) for x in hhmm.split(":"))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hh, mm))) + dt.timedelta(minutes=plus_minutes)


def schedule(day: dt.date) -> list[tuple[str, dt.datetime]]:
    """The day's steps and when each is due, from the rules in force that day."""
    steps = [(f"reminder@{t}", _at(day, t)) for t in get_rule("health.reminder_times", day)]
    deadline = get_rule("health.deadline", day)
    steps.append((TEACHER, _at(day, deadline)))
    steps.append((LEADER, _at(day, deadline, get_rule("health.escalation_delay_minutes", day))))
    for session, hhmm in get_rule("health.check_deadlines", day).items():
        steps.append((f"{CHECKS_PREFIX}{session}", _at(day, hhmm)))
    return sorted(steps, key=lambda step: step[1])


def due_steps(day: dt.date, now: dt.datetime) -> list[str]:
    return [name for name, at in schedule(day) if at <= now]


def missing_people(day: dt.date):
    reported = DailyReport.objects.filter(date=day).values("person_id")
    return Person.objects.filter(is_active=True).exclude(id__in=reported)


@transaction.atomic
def enqueue_step(day: dt.date, step: str) -> int:
    if step.startswith("reminder"):
        return _remind(day, step)
    if step in (TEACHER, LEADER):
        return _escalate(day, step)
    if step.startswith(CHECKS_PREFIX):
        return report_missing_checks(day, step.removeprefix(CHECKS_PREFIX))
    raise ValueError(f"unknown step {step!r}")


def run_due(day: dt.date, now: dt.datetime | None = None, step: str | None = None) -> dict:
    """Enqueue every step due by `now` (or just `step`), then deliver what is pending."""
    now = now or timezone.now()
    steps = [step] if step else due_steps(day, now)
    queued = {s: enqueue_step(day, s) for s in steps}
    return {"queued": queued, "delivery": deliver_pending()}


def _link_url(class_id: int | None, links: dict[int, str]) -> str:
    token = links.get(class_id) if class_id else None
    if not token:
        return ""
    return settings.EDUGUARD_BASE_URL.rstrip("/") + reverse("health:link-start", kwargs={"token": token})


def _remind(day: dt.date, step: str) -> int:
    people = list(missing_people(day).prefetch_related("guardians"))
    links = dict(ClassLink.objects.filter(revoked_at__isnull=True).values_list("school_class_id", "token"))
    by_phone: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        if person.category == PersonCategory.STUDENT:
            phones = {g.reveal_phone() for g in person.guardians.all()} - {""}
        else:
            phones = {person.reveal_phone()} - {""}
        for phone in phones:
            by_phone[phone].append(person)
    deadline = get_rule("health.deadline", day)
    count = 0
    for phone, group in by_phone.items():
        names = "、".join(p.name for p in group)
        url = _link_url(group[0].school_class_id, links)
        body = f"请于{deadline}前为{names}填报{day.month}月{day.day}日健康日报" + (
            f"：{url}" if url else "。"
        )
        key = f"health.reminder:{day}:{step}:{group[0].id}:{phone[-4:]}:{len(group)}"
        count += enqueue(
            channel=phone_channel(),
            kind="health.reminder",
            dedupe_key=key,
            body=body,
            phone=phone,
            name=names,
            school_id=group[0].school_id,
            county_id=group[0].county_id,
        )
    return count


def _escalate(day: dt.date, step: str) -> int:
    missing = list(
        missing_people(day)
        .filter(category=PersonCategory.STUDENT, school_class__isnull=False)
        .select_related("school_class__grade")
    )
    groups: dict[tuple, list[Person]] = defaultdict(list)
    for person in missing:
        klass = person.school_class
        target = ("class", klass.id) if step == TEACHER else ("grade", klass.grade_id)
        groups[target].append(person)
    active = ResponsibilityAssignment.objects.active(day).select_related("user")
    count = 0
    for (level, unit_id), group in groups.items():
        if level == "class":
            recipients = [a.user for a in active.filter(role=Role.HEAD_TEACHER, school_class_id=unit_id)]
        else:
            recipients = [a.user for a in active.filter(role=Role.SCHOOL_LEADER, grade_id=unit_id)] or [
                a.user for a in active.filter(role=Role.PRINCIPAL, school_id=group[0].school_id)
            ]
        unit_name = group[0].school_class.name if level == "class" else str(group[0].school_class.grade)
        body = (
            f"{day.month}月{day.day}日健康日报已过截止时间，{unit_name}仍有{len(group)}人未报："
            + "、".join(p.name for p in group[:30])
            + ("等" if len(group) > 30 else "")
        )
        for user in recipients:
            key = f"health.{step}:{day}:{level}{unit_id}:{user.pk}"
            count += enqueue(
                channel=staff_channel(),
                kind=f"health.{step}",
                dedupe_key=key,
                body=body,
                user=user,
                name=str(user),
                school_id=group[0].school_id,
                county_id=group[0].county_id,
            )
    return count
