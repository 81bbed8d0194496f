"""Emergency drills (应急演练, domain.md §5.7 last bullet; §5.1 item 7 "write the emergency plan,
train and drill"): recording a school's drill, and which of the drills the reopening acceptance
asks for a school has held since a date.

Who may record is the rule `response.drill_roles`, held over the school itself (a principal, a
school-level leader, the school doctor). Which scenarios the acceptance asks for is the rule
`response.required_drills`. What a school has done is computed from its drill rows each time it
is asked, never stored: the reopening acceptance (inspection app) calls `missing_scenarios`.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.services import record_web_change, user_or_none
from eduguard.core.rules import get_rule
from eduguard.core.uploads import check_document
from eduguard.org.models import School
from eduguard.response.choices import DrillScenario
from eduguard.response.models import Drill

# A drill is recorded after it is held, within a school year: older records are typing mistakes
# (2019 for 2020), and would count toward no acceptance anyway.
OLDEST = dt.timedelta(days=365)
# More people than the largest school of the demo county has (about 3,000) by a wide margin: a
# larger number is a slip of the keyboard, not a drill.
MAX_PARTICIPANTS = 10_000
MAX_TEXT = 2000
# "This term" of the pages when no date is asked for (the overview's ?since=).
DEFAULT_PERIOD = dt.timedelta(days=90)


def may_record(user, school: School, day: dt.date | None = None) -> bool:
    return holds_role_over(user, get_rule("response.drill_roles", day), school)


def default_since(today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) - DEFAULT_PERIOD


def required_scenarios(day: dt.date | None = None) -> list[str]:
    """The scenario codes the reopening acceptance asks for, in the rule's order."""
    return list(get_rule("response.required_drills", day))


def scenario_label(code: str) -> str:
    """The scenario's Chinese name; a code the rule names but the choices lack shows as itself."""
    return dict(DrillScenario.choices).get(code, code)


def _snapshot(drill: Drill) -> dict:
    return {
        "school": drill.school.code,
        "scenario": drill.scenario,
        "held_on": drill.held_on.isoformat(),
        "participants": drill.participants,
        "problems": drill.problems,
        "improvements": drill.improvements,
        "file": drill.file.name or "",
    }


def _clean_text(raw, name: str, errors: dict) -> str:
    value = (raw or "").strip()
    if len(value) > MAX_TEXT:
        errors[name] = [gettext("不超过 {n} 字（现有 {len} 字）").format(n=MAX_TEXT, len=len(value))]
    return value


@transaction.atomic
def record_drill(
    *,
    school: School,
    scenario: str,
    held_on: dt.date,
    participants: int,
    problems: str = "",
    improvements: str = "",
    file=None,
    actor,
) -> Drill:
    """Record one drill held at `school`, with an optional photo or PDF of its record.

    1. The actor must hold a role of `response.drill_roles` over the school (PermissionDenied).
    2. Every field is judged and all problems are raised together, by field (ValidationError).
    3. The school is locked and the same scenario on the same day refused: a form sent twice
       (a double tap on a slow network) must not count one drill twice.
    4. The drill and its change-log row are written in this transaction.
    """
    today = timezone.localdate()
    if not may_record(actor, school, today):
        raise PermissionDenied(
            gettext("登记应急演练须由负责本校的{roles}办理").format(
                roles=role_names("response.drill_roles", today)
            )
        )
    errors: dict[str, list[str]] = {}
    if scenario not in DrillScenario.values:
        errors["scenario"] = [gettext("请选择演练科目")]
    if isinstance(held_on, dt.datetime):
        held_on = held_on.date()
    if not isinstance(held_on, dt.date):
        errors["held_on"] = [gettext("请填写演练日期")]
    elif held_on > today:
        errors["held_on"] = [gettext("演练日期不能晚于今天")]
    elif held_on < today - OLDEST:
        errors["held_on"] = [
            gettext("演练日期不能早于 {day}（只登记一年内的演练）").format(day=(today - OLDEST).isoformat())
        ]
    if not isinstance(participants, int) or isinstance(participants, bool):
        errors["participants"] = [gettext("请填写参加人数（整数）")]
    elif participants < 1:
        errors["participants"] = [gettext("参加人数至少为 1 人")]
    elif participants > MAX_PARTICIPANTS:
        errors["participants"] = [gettext("参加人数不能超过 {n} 人，请核对").format(n=MAX_PARTICIPANTS)]
    problems = _clean_text(problems, "problems", errors)
    improvements = _clean_text(improvements, "improvements", errors)
    try:
        check_document(file or None, "file")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if "scenario" not in errors and "held_on" not in errors:
        School.objects.select_for_update().filter(pk=school.pk).first()
        if Drill.objects.filter(school=school, scenario=scenario, held_on=held_on).exists():
            errors["held_on"] = [
                gettext("本校 {day} 已登记过“{scenario}”演练").format(
                    day=held_on.isoformat(), scenario=scenario_label(scenario)
                )
            ]
    if errors:
        raise ValidationError(errors)
    drill = Drill(
        school=school,
        scenario=scenario,
        held_on=held_on,
        participants=participants,
        problems=problems,
        improvements=improvements,
        recorded_by=user_or_none(actor),
    )
    if file:
        drill.file = file
    drill.save()
    record_web_change(actor=actor, obj=drill, before=None, after=_snapshot(drill))
    return drill


@dataclass
class DrillSummary:
    """A school's drills held on or after `since`: the latest of each scenario, how many there
    were, and the required scenarios with none."""

    school_id: int
    since: dt.date
    required: list[str]
    done: dict[str, Drill | None] = field(default_factory=dict)
    count: int = 0

    @property
    def missing(self) -> list[str]:
        return [code for code in self.required if self.done.get(code) is None]

    @property
    def items(self) -> list[tuple[str, str, Drill | None]]:
        """(code, label, latest drill or None) of each required scenario, for the pages."""
        return [(code, scenario_label(code), self.done.get(code)) for code in self.required]

    @property
    def missing_labels(self) -> list[str]:
        return [scenario_label(code) for code in self.missing]

    @property
    def held(self) -> int:
        """How many required scenarios have been drilled."""
        return len(self.required) - len(self.missing)


def summary_by_school(
    school_ids, since: dt.date, required: list[str] | None = None
) -> dict[int, DrillSummary]:
    """The DrillSummary of each school, in one query, by school id (the overview page)."""
    school_ids = list(school_ids)
    required = required_scenarios() if required is None else list(required)
    result = {
        pk: DrillSummary(pk, since, required, done=dict.fromkeys(DrillScenario.values)) for pk in school_ids
    }
    drills = (
        Drill.objects.filter(school_id__in=school_ids, held_on__gte=since)
        .select_related("recorded_by")
        .order_by("school_id", "scenario", "-held_on", "-id")
    )
    for drill in drills:
        summary = result[drill.school_id]
        summary.count += 1
        if summary.done.get(drill.scenario) is None:
            summary.done[drill.scenario] = drill
    return result


def drills_done(school: School, since: dt.date) -> dict[str, Drill | None]:
    """Each scenario (every DrillScenario value) → the school's latest drill of it held on or
    after `since`, or None."""
    return summary_by_school([school.pk], since, required=[])[school.pk].done


def missing_scenarios(school: School, since: dt.date, required: list[str] | None = None) -> list[str]:
    """The scenarios of `required` (by default the rule `response.required_drills` in force today)
    the school has not drilled since `since`, in the order asked. The reopening acceptance asks this."""
    return summary_by_school([school.pk], since, required)[school.pk].missing
