"""Table 4, 排查统计: the county's screening campaign (大排查) per school, from the campaign's roll-up
(eduguard/screening/services/campaigns.py, campaign_rollup): people to screen, screened (students,
staff and temporary workers), completion and the people now in each of the county's categories
(一类/二类/三类, 三返, 在武汉就读, 起算日后离县). The campaign is the county's latest one opened on or
before the day. The demo county reproduces seed 004 (28 schools and the bureau, 18,657 students,
2,555 staff and 291 temporary workers, 7/2/188, 130, 37, 66).
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Count

from eduguard.briefing.services.tables_sheet import ONE, Block, Column
from eduguard.briefing.services.tables_units import Unit
from eduguard.org.choices import PersonCategory as Kind
from eduguard.screening.models import Campaign, ScreeningResponse
from eduguard.screening.services.campaigns import SchoolRow, campaign_rollup

TITLE = "排查统计"
KINDS = (Kind.STUDENT, Kind.STAFF, Kind.TEMPORARY)


def campaign_on(user, day: dt.date, unit: Unit) -> Campaign | None:
    campaigns = Campaign.objects.visible_to(user).filter(county=unit.county, opened_on__lte=day)
    return campaigns.order_by("-opened_on", "-id").first()


def screening_rows(user, campaign: Campaign, unit: Unit) -> tuple[list[SchoolRow], list]:
    """The roll-up's rows of the unit's schools (the bureau's row too for the county), bureau last."""
    rows, _, categories = campaign_rollup(campaign, user)
    if unit.level != "county":
        ids = (
            {unit.obj.pk} if unit.level == "school" else set(unit.schools(user).values_list("id", flat=True))
        )
        rows = [r for r in rows if r.id in ids]
    return sorted(rows, key=lambda r: r.id is None), categories


def screening_block(user, day: dt.date, unit: Unit) -> tuple[Block, list[str]]:
    campaign = campaign_on(user, day, unit)
    if campaign is None:
        return Block(_columns([])), ["截至该日本县没有排查。"]
    rows, categories = screening_rows(user, campaign, unit)
    kinds = _screened_by_kind(user, campaign)
    lines = [_line(n, r, kinds[r.id], categories) for n, r in enumerate(rows, start=1)]
    total = ["合计", ""] + [sum(line[i] for line in lines) for i in range(2, 7)]
    total.append(round(100 * total[3] / total[2], 1) if total[2] else 0.0)
    total += [sum(line[i] for line in lines) for i in range(8, 8 + len(categories))]
    note = (
        f"排查：{campaign.name}（{campaign.opened_on}至{campaign.deadline}，起算日期{campaign.cut_off}）。"
        "各类别人数为目前仍在该类别的人数（含系统判定和人工确认）。"
    )
    return Block(_columns(categories), lines, total), [note]


def _columns(categories) -> list[Column]:
    return [
        Column("序号", 6),
        Column("单位", 24),
        Column("应排查人数", 10),
        Column("已排查人数", 10),
        Column("学生", 9),
        Column("教职工", 9),
        Column("临时工", 9),
        Column("完成率（%）", 11, ONE),
        *(Column(c.name, 11) for c in categories),
    ]


def _screened_by_kind(user, campaign: Campaign) -> dict:
    """{school id (None: the bureau): {kind: people screened}} within the user's scope."""
    answered = ScreeningResponse.objects.visible_to(user).filter(campaign=campaign)
    out: dict = defaultdict(dict)
    for r in answered.values("school_id", "person__category").annotate(n=Count("id")).order_by():
        out[r["school_id"]][r["person__category"]] = r["n"]
    return out


def _line(n, r: SchoolRow, kinds: dict, categories) -> list:
    return [
        n,
        r.name,
        r.expected,
        r.responded,
        *(kinds.get(k, 0) for k in KINDS),
        r.completion_rate,
        *(r.categories.get(c.code, 0) for c in categories),
    ]
