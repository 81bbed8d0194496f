"""Campaigns, answers and the categories they propose (domain.md §4.2, §4.3)."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from eduguard.audit.models import ChangeAction
from eduguard.audit.services import record_change, user_or_none
from eduguard.core.rules import get_rule
from eduguard.org.choices import PersonCategory as Kind
from eduguard.org.models import County, Person
from eduguard.screening.models import (
    ANSWERS,
    Campaign,
    CategoryStatus,
    PersonCategory,
    RiskCategory,
    RiskLevel,
    ScreeningResponse,
)
from eduguard.screening.rules import categories_for, check_rules

# The county's categories until it defines its own (domain.md §4.2: no national definition
# exists for 一类/二类/三类 or 三返; these are the likely meanings, to be confirmed locally).
DEFAULT_CATEGORIES = [
    (
        "class_1",
        "一类",
        "起算日后到过或途经湖北（武汉）的人员",
        RiskLevel.HIGH,
        14,
        {"any": ["hubei_since_cutoff"]},
    ),
    (
        "class_2",
        "二类",
        "接触过确诊、疑似病例或一类人员的人员",
        RiskLevel.HIGH,
        14,
        {"any": ["contact_case"]},
    ),
    (
        "class_3",
        "三类",
        "接触过县外（省外）返回人员的人员",
        RiskLevel.MEDIUM,
        0,
        {"any": ["contact_outsiders"]},
    ),
    (
        "sanfan",
        "三返",
        "从县外返乡、返岗、返校的人员",
        RiskLevel.MEDIUM,
        14,
        {"any": ["returned_from_outside"]},
    ),
    (
        "wuhan_study",
        "在武汉就读",
        "在武汉就读或工作的人员",
        RiskLevel.HIGH,
        14,
        {"any": ["studying_in_wuhan"]},
    ),
    ("left_county", "起算日后离县", "起算日后离开过本县的人员", RiskLevel.LOW, 0, {"any": ["left_county"]}),
]
MANAGEMENT = {
    RiskLevel.HIGH: "居家隔离期满、经卫生健康部门评估后方可返校",
    RiskLevel.MEDIUM: "返回居住地后居家隔离期满、无异常方可返校",
    RiskLevel.LOW: "登记行程，每日健康报告",
}


def ensure_categories(county: County) -> None:
    """Give a county the default categories it does not have yet (by code)."""
    have = set(county.risk_categories.values_list("code", flat=True))
    RiskCategory.objects.bulk_create(
        RiskCategory(
            county=county,
            code=code,
            name=name,
            definition=definition,
            risk_level=level,
            management=MANAGEMENT[level],
            quarantine_days=days,
            rule=rule,
            order=n,
        )
        for n, (code, name, definition, level, days, rule) in enumerate(DEFAULT_CATEGORIES)
        if code not in have
    )


def county_rules(county: County) -> dict[str, dict]:
    return dict(county.risk_categories.values_list("code", "rule"))


def validate_category_rule(category: RiskCategory) -> None:
    """The county's rules with this one changed must still be well formed and loop-free."""
    rules = county_rules(category.county)
    rules[category.code] = category.rule
    check_rules(rules)


@transaction.atomic
def create_campaign(*, county, name, opened_on, deadline, cut_off=None, actor=None, **scope) -> Campaign:
    cut_off = cut_off or dt.date.fromisoformat(get_rule("health.travel_cutoff", opened_on))
    if deadline < opened_on:
        raise ValidationError({"deadline": ["截止日期不能早于开始日期"]})
    if cut_off > opened_on:
        raise ValidationError({"cut_off": ["起算日期不能晚于开始日期"]})
    ensure_categories(county)
    campaign = Campaign.objects.create(
        county=county, name=name, opened_on=opened_on, deadline=deadline, cut_off=cut_off, **scope
    )
    record_change(
        actor=actor, source="web", action=ChangeAction.CREATE, obj=campaign, before=None, after={"name": name}
    )
    return campaign


def clean_trips(trips, cut_off: dt.date, today: dt.date) -> list[dict]:
    """[{place, left_on, back_on}] with ISO dates; back_on may be empty (still away)."""
    if not isinstance(trips, list) or len(trips) > 20:
        raise ValidationError({"trips": ["行程应为列表（最多 20 段）"]})
    cleaned = []
    for n, trip in enumerate(trips, start=1):
        try:
            place = str(trip["place"]).strip()[:50]
            left_on = dt.date.fromisoformat(trip["left_on"])
            back_on = dt.date.fromisoformat(trip["back_on"]) if trip.get("back_on") else None
        except (KeyError, TypeError, ValueError):
            raise ValidationError({"trips": [f"第{n}段行程：需要地点和有效的离开日期"]}) from None
        if not place:
            raise ValidationError({"trips": [f"第{n}段行程：请填写地点"]})
        if back_on and back_on < left_on:
            raise ValidationError({"trips": [f"第{n}段行程：返回日期早于离开日期"]})
        if max(left_on, back_on or left_on) > today:
            raise ValidationError({"trips": [f"第{n}段行程：日期不能晚于今天"]})
        if (back_on or today) < cut_off:
            raise ValidationError({"trips": [f"第{n}段行程：在起算日期 {cut_off} 之前已结束，无需填写"]})
        cleaned.append(
            {"place": place, "left_on": left_on.isoformat(), "back_on": back_on and back_on.isoformat()}
        )
    return cleaned


@transaction.atomic
def save_response(*, campaign: Campaign, person: Person, answers: dict, actor, now=None) -> ScreeningResponse:
    """Record (or replace) `person`'s answers and propose their categories from the rules."""
    now = now or timezone.now()
    if person.county_id != campaign.county_id or not _covers(campaign, person):
        raise ValidationError({"person": ["此人不在本次排查范围内"]})
    values = {k: bool(answers.get(k, False)) for k in ANSWERS}
    values["trips"] = clean_trips(
        answers.get("trips") or [], campaign.cut_off, timezone.localtime(now).date()
    )
    if values["trips"]:
        values["left_county"] = True
    values["note"] = str(answers.get("note", ""))[:200]
    response = ScreeningResponse.objects.filter(campaign=campaign, person=person).first()
    before = _answers_of(response) if response else None
    if response is None:
        response = ScreeningResponse(campaign=campaign, person=person)
    for key, value in values.items():
        setattr(response, key, value)
    response.school_id, response.school_class_id = person.school_id, person.school_class_id
    response.filled_by = user_or_none(actor)
    response.filled_at = now
    response.save()
    after = _answers_of(response)
    if before != after:
        record_change(
            actor=actor,
            source="web",
            action=ChangeAction.CREATE if before is None else ChangeAction.UPDATE,
            obj=response,
            before=before,
            after=after,
        )
    _propose(response, now)
    return response


def _covers(campaign: Campaign, person: Person) -> bool:
    return campaign.includes_students if person.category == Kind.STUDENT else campaign.includes_staff


def _answers_of(response: ScreeningResponse) -> dict:
    return {k: getattr(response, k) for k in (*ANSWERS, "trips", "note")}


def _propose(response: ScreeningResponse, now) -> None:
    """Open a proposed category for each rule now met; end proposals whose rule no longer is.
    Confirmed and overridden rows are a person's decision and stay as they are."""
    categories = {c.code: c for c in response.campaign.county.risk_categories.all()}
    met = categories_for(_answers_of(response), {code: c.rule for code, c in categories.items()})
    current = {
        pc.category.code: pc
        for pc in PersonCategory.objects.current().filter(person=response.person).select_related("category")
    }
    # A category a person removed or changed by decision in this campaign is not proposed again.
    decided = set(
        PersonCategory.objects.filter(
            person=response.person, campaign=response.campaign, valid_to__isnull=False
        )
        .exclude(end_reason="")
        .values_list("category__code", flat=True)
    )
    for code in met - set(current) - decided:
        PersonCategory.objects.create(
            person=response.person,
            category=categories[code],
            campaign=response.campaign,
            school_id=response.school_id,
            school_class_id=response.school_class_id,
            status=CategoryStatus.PROPOSED,
            reason=f"{response.campaign.name}：{categories[code].definition}",
            valid_from=now,
        )
    for code, pc in current.items():
        if (
            code not in met
            and pc.status == CategoryStatus.PROPOSED
            and pc.campaign_id == response.campaign_id
        ):
            pc.valid_to = now
            pc.save(update_fields=["valid_to"])


@dataclass
class SchoolRow:
    id: int | None
    name: str
    expected: int = 0
    responded: int = 0
    categories: dict[str, int] = field(default_factory=dict)

    @property
    def completion_rate(self) -> float:
        return round(100 * self.responded / self.expected, 1) if self.expected else 0.0


def campaign_rollup(campaign: Campaign, user) -> tuple[list[SchoolRow], SchoolRow, list[RiskCategory]]:
    """Per school (the bureau as one row): people expected, answered, and in each category
    now (proposed or decided) from this campaign, all within the user's scope."""
    kinds = ([Kind.STUDENT] if campaign.includes_students else []) + (
        [Kind.STAFF, Kind.TEMPORARY] if campaign.includes_staff else []
    )
    people = Person.objects.visible_to(user).filter(
        county=campaign.county, is_active=True, category__in=kinds
    )
    rows: dict[int | None, SchoolRow] = {}
    for r in people.values("school_id", "school__name").annotate(n=Count("id")).order_by("school__code"):
        rows[r["school_id"]] = SchoolRow(r["school_id"], r["school__name"] or "局机关", expected=r["n"])
    answered = ScreeningResponse.objects.visible_to(user).filter(campaign=campaign)
    for r in answered.values("school_id").annotate(n=Count("id")):
        rows.setdefault(r["school_id"], SchoolRow(r["school_id"], "—")).responded = r["n"]
    current = PersonCategory.objects.visible_to(user).current().filter(campaign=campaign)
    for r in current.values("school_id", "category__code").annotate(n=Count("person", distinct=True)):
        rows.setdefault(r["school_id"], SchoolRow(r["school_id"], "—")).categories[r["category__code"]] = r[
            "n"
        ]
    categories = list(campaign.county.risk_categories.all())
    total = SchoolRow(None, "合计")
    for row in rows.values():
        total.expected += row.expected
        total.responded += row.responded
        for code, n in row.categories.items():
            total.categories[code] = total.categories.get(code, 0) + n
    return list(rows.values()), total, categories


def people_in(campaign: Campaign, user, code: str):
    """The named list behind one category count, within the user's scope."""
    return (
        PersonCategory.objects.visible_to(user)
        .current()
        .filter(campaign=campaign, category__code=code)
        .select_related("person", "school", "school_class", "category")
        .order_by("school_id", "school_class_id", "person__name")
    )
