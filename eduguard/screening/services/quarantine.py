"""Opening, observing and releasing a quarantine (domain.md §4.1, §4.3, §4.5).

Who may act is a rule: `screening.quarantine_roles` open, observe and release on time;
`screening.early_release_roles` may also release before the planned end, with a reason.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.models import ChangeAction
from eduguard.audit.services import record_change, user_or_none
from eduguard.core.rules import get_rule
from eduguard.core.uploads import check_document
from eduguard.health.choices import Symptom
from eduguard.health.models import DailyReport
from eduguard.health.services.values import parse_temperature
from eduguard.org.models import Person
from eduguard.screening.models import Quarantine, QuarantineKind, QuarantineObservation, RiskCategory

MAX_DAYS = 60  # a longer period is a typing error (28 days was the longest 2020 practice)
MAX_DAYS_AHEAD = 30  # a quarantine may be planned for an expected arrival, not further ahead


def default_days(kind: str, category: RiskCategory | None, day: dt.date) -> int:
    """Health monitoring follows its own rule; quarantine takes the category's days, else the rule."""
    if kind == QuarantineKind.MONITORING:
        return get_rule("screening.monitoring_days", day)
    if category is not None and category.quarantine_days:
        return category.quarantine_days
    return get_rule("screening.quarantine_days", day)


def _require_role(actor, person: Person, day: dt.date) -> None:
    if not holds_role_over(actor, get_rule("screening.quarantine_roles", day), person):
        raise PermissionDenied(f"登记隔离须由负责此人的{role_names('screening.quarantine_roles', day)}办理")


def _snapshot(q: Quarantine) -> dict:
    return {
        "kind": q.kind,
        "started_on": q.started_on.isoformat(),
        "planned_days": q.planned_days,
        "category": q.category.code if q.category_id else None,
        "reason": q.reason,
        "place": q.place,
        "released_on": q.released_on and q.released_on.isoformat(),
        "release_doc": q.release_doc,
        "release_file": q.release_file.name or "",
        "release_reason": q.release_reason,
    }


@transaction.atomic
def open_quarantine(
    *,
    person: Person,
    kind: str,
    started_on: dt.date,
    actor,
    category: RiskCategory | None = None,
    planned_days: int | None = None,
    reason: str = "",
    place: str = "",
    today: dt.date | None = None,
) -> Quarantine:
    """Start a period for `person`; refuses an overlapping open one (one person, one period)."""
    today = today or timezone.localdate()
    _require_role(actor, person, today)
    # Lock the person: two quick submissions must not open two periods.
    person = Person.objects.select_for_update().get(pk=person.pk)
    errors: dict[str, list[str]] = {}
    if kind not in QuarantineKind.values:
        errors["kind"] = ["请选择隔离类型"]
    if category is not None and category.county_id != person.county_id:
        errors["category"] = ["类别不属于本县"]
    if started_on > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        errors["started_on"] = [f"开始日期不能晚于今天{MAX_DAYS_AHEAD}天以上"]
    standard = default_days(kind, category, today) if kind in QuarantineKind.values else 1
    days = planned_days if planned_days is not None else standard
    if not 1 <= days <= MAX_DAYS:
        errors["planned_days"] = [f"计划天数应在 1 到 {MAX_DAYS} 天之间"]
    elif days < standard and not holds_role_over(
        actor, get_rule("screening.early_release_roles", today), person
    ):
        # A shorter period is an early release decided in advance: the same authority applies.
        errors["planned_days"] = [
            f"少于规定的 {standard} 天须由{role_names('screening.early_release_roles', today)}决定"
        ]
    reason = (reason or "").strip() or (category.definition if category else "")
    if not reason:
        errors["reason"] = ["请填写隔离原因或选择依据类别"]
    if not errors:
        clash = Quarantine.objects.filter(person=person, released_on__isnull=True).first()
        if clash is not None:
            errors["started_on"] = [
                f"此人已有未解除的{clash.get_kind_display()}（{clash.started_on} 起），请先解除"
            ]
    if errors:
        raise ValidationError(errors)
    quarantine = Quarantine.objects.create(
        person=person,
        school_id=person.school_id,
        school_class_id=person.school_class_id,
        kind=kind,
        category=category,
        reason=reason[:200],
        place=(place or "").strip()[:100],
        started_on=started_on,
        planned_days=days,
        created_by=user_or_none(actor),
    )
    record_change(
        actor=actor,
        source="web",
        action=ChangeAction.CREATE,
        obj=quarantine,
        before=None,
        after=_snapshot(quarantine),
    )
    return quarantine


@transaction.atomic
def record_observation(
    *,
    quarantine: Quarantine,
    day: dt.date,
    actor,
    temperature=None,
    symptoms=(),
    note: str = "",
    today: dt.date | None = None,
) -> QuarantineObservation:
    """Record (or correct) one day's observation; the day's daily report, if any, is linked and
    supplies the temperature when none is given."""
    today = today or timezone.localdate()
    _require_role(actor, quarantine.person, today)
    last = min(today, quarantine.ends_on, quarantine.released_on or quarantine.ends_on)
    if not quarantine.started_on <= day <= last:
        raise ValidationError({"day": [f"观察日期应在 {quarantine.started_on} 到 {last} 之间"]})
    value = parse_temperature(temperature, day)
    symptoms = list(symptoms or [])
    unknown = [s for s in symptoms if s not in Symptom.values]
    if unknown or len(symptoms) > len(Symptom.values):
        raise ValidationError({"symptoms": ["未知的症状"]})
    report = DailyReport.objects.filter(person_id=quarantine.person_id, date=day).first()
    if value is None and report is None:
        raise ValidationError({"temperature": ["请填写体温（当天没有日报告可引用）"]})
    old = QuarantineObservation.objects.filter(quarantine=quarantine, day=day).first()
    observation, created = QuarantineObservation.objects.update_or_create(
        quarantine=quarantine,
        day=day,
        defaults={
            "temperature": value,
            "symptoms": sorted(set(symptoms)),
            "note": (note or "").strip()[:200],
            "report": report,
            "recorded_by": user_or_none(actor),
        },
    )
    record_change(
        actor=actor,
        source="web",
        action=ChangeAction.CREATE if created else ChangeAction.UPDATE,
        obj=observation,
        before=old and _observed(old),
        after=_observed(observation),
    )
    return observation


def _observed(o: QuarantineObservation) -> dict:
    return {
        "day": o.day.isoformat(),
        "temperature": o.temperature and str(o.temperature),
        "symptoms": o.symptoms,
    }


@transaction.atomic
def release_quarantine(
    *,
    quarantine: Quarantine,
    released_on: dt.date,
    actor,
    release_doc: str = "",
    release_file=None,
    reason: str = "",
    today: dt.date | None = None,
) -> Quarantine:
    """End the period with its document and signer. Before the planned end it needs a reason
    and one of the roles of `screening.early_release_roles`."""
    today = today or timezone.localdate()
    _require_role(actor, quarantine.person, today)
    release_file = release_file or None  # a cleared file input posts False
    quarantine = Quarantine.objects.select_for_update().get(pk=quarantine.pk)
    release_doc, reason = (release_doc or "").strip()[:60], (reason or "").strip()[:200]
    if quarantine.released_on is not None:
        raise ValidationError({"released_on": [f"已于 {quarantine.released_on} 解除"]})
    if released_on < quarantine.started_on:
        raise ValidationError({"released_on": [f"解除日期不能早于开始日期 {quarantine.started_on}"]})
    if released_on > today:
        raise ValidationError({"released_on": ["解除日期不能晚于今天"]})
    if not release_doc and release_file is None:
        raise ValidationError({"release_doc": ["请填写解除隔离文书编号或上传文书"]})
    check_document(release_file, "release_file")
    if released_on < quarantine.clears_on:
        day_n = quarantine.day_number(released_on)
        if not reason:
            raise ValidationError(
                {
                    "reason": [
                        f"计划第 {quarantine.planned_days + 1} 天（{quarantine.clears_on}）解除；第 {day_n} 天提前解除须写明理由"
                    ]
                }
            )
        if not holds_role_over(actor, get_rule("screening.early_release_roles", today), quarantine.person):
            raise ValidationError(
                {"reason": [f"提前解除须由{role_names('screening.early_release_roles', today)}签发"]}
            )
    before = _snapshot(quarantine)
    quarantine.released_on = released_on
    quarantine.release_doc = release_doc
    quarantine.release_reason = reason if released_on < quarantine.clears_on else ""
    quarantine.released_by = user_or_none(actor)
    if release_file is not None:
        quarantine.release_file = release_file
    quarantine.save()
    record_change(
        actor=actor,
        source="web",
        action=ChangeAction.UPDATE,
        obj=quarantine,
        before=before,
        after=_snapshot(quarantine),
    )
    return quarantine


@dataclass
class ObservedDay:
    day: dt.date
    number: int
    observation: QuarantineObservation | None
    report: DailyReport | None

    @property
    def temperature(self):
        if self.observation is not None and self.observation.temperature is not None:
            return self.observation.temperature
        return self.report.temperature if self.report is not None else None

    @property
    def symptoms(self) -> list[str]:
        codes = set(self.observation.symptoms if self.observation else [])
        codes |= set(self.report.symptoms if self.report else [])
        labels = dict(Symptom.choices)
        return [labels.get(c, c) for c in sorted(codes)]

    @property
    def fever(self) -> bool:
        value = self.temperature
        return value is not None and value >= Decimal(str(get_rule("health.fever_threshold", self.day)))

    @property
    def missing(self) -> bool:
        return self.observation is None and self.report is None


def observed_days(quarantine: Quarantine, user, today: dt.date | None = None) -> list[ObservedDay]:
    """Each day of the period so far with its observation and daily report (either may be missing),
    the reports as far as `user` may see them."""
    today = today or timezone.localdate()
    days = quarantine.observed_days(today)
    if not days:
        return []
    observed = QuarantineObservation.objects.visible_to(user).filter(quarantine=quarantine)
    observations = {o.day: o for o in observed}
    reports = {
        r.date: r
        for r in DailyReport.objects.visible_to(user).filter(
            person_id=quarantine.person_id, date__range=(days[0], days[-1])
        )
    }
    return [ObservedDay(d, quarantine.day_number(d), observations.get(d), reports.get(d)) for d in days]
