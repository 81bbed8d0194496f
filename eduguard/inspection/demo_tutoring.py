"""The demo county's paid-tutoring cases (seed 004: the bureau investigated teachers' paid
tutoring; the seed gives no count): four reports about teachers of four schools, two concluded,
one under investigation, one just accepted. Through the live services, as the discipline officer
(账号 jijian) when the demo has that account."""

import datetime as dt

from eduguard.inspection.services.tutoring import conclude, investigate, open_case
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person

# (days ago, source, summary, investigation, outcome or "", conclusion)
CASES = [
    (
        20,
        "hotline",
        "家长举报：寒假期间在家中组织学生有偿补课，每人每课时收费",
        "走访家长5人，核实补课8次",
        "refund",
        "责令退还全部费用，全县通报",
    ),
    (
        15,
        "school",
        "学校排查小组发现：线上网课之外另建收费辅导群",
        "调取群聊记录，约谈本人",
        "unfounded",
        "辅导群为免费答疑，查无收费实据",
    ),
    (6, "online", "网络反映：疫情停课期间在校外培训机构兼职授课", "协调市场监管部门核查培训机构", "", ""),
    (1, "letter", "来信反映：假期在租住房屋内组织补课", "", "", ""),
]


def tutoring_demo(ctx) -> None:
    actor = ctx.users.get("jijian") or ctx.users.get("admin")
    if actor is None:
        return
    today = ctx.options.today
    schools = sorted(ctx.schools.values(), key=lambda s: s.code)
    for n, (ago, source, summary, found, outcome, result) in enumerate(CASES):
        school = schools[(n * 7) % len(schools)]
        teacher = (
            Person.objects.filter(school=school, category=PersonCategory.STAFF, staff_type="teacher")
            .order_by("id")
            .last()
        )
        case = open_case(
            actor=actor,
            school=school,
            teacher=teacher,
            teacher_name=teacher.name if teacher else "某教师",
            source=source,
            reported_on=today - dt.timedelta(days=ago),
            summary=summary,
        )
        if found:
            investigate(case=case, actor=actor, investigators="局纪检组 2人", note=found)
        if outcome:
            done = today - dt.timedelta(days=ago - 5)
            conclude(case=case, actor=actor, outcome=outcome, concluded_on=done, note=result)
