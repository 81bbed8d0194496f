"""The demo county's psychological support (seed 004: 积极开展疫情防控知识普及和学生心理辅导工作): the
demo school's counsellor (账号 xinli) has seen two dozen students and a few staff over the last
three weeks, individually, in groups and on the hotline, with one referral; some have been
followed up. Through the live services; skipped when the demo has no counsellor account."""

import datetime as dt
import random

from django.utils import timezone

from eduguard.counselling.services.sessions import record_follow_up, record_session
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person

STUDENTS, STAFF, DAYS = 24, 3, 21
KINDS = ["individual", "individual", "group", "hotline"]
CATEGORIES = ["anxiety", "study", "mood", "family", "sleep", "peers", "anxiety", "grief"]
NOTES = {
    "anxiety": "担心家人外出被感染，夜间反复查看疫情消息；讲解防护知识，练习放松呼吸。",
    "study": "线上学习跟不上进度，自评压力大；与班主任沟通调整作业量，制定学习计划。",
    "mood": "居家期间情绪低落、兴趣减少；倾听陪伴，约定每日运动，告知家长关注。",
    "family": "居家期间与父母冲突增多；开展家庭沟通指导，约家长电话交流。",
    "sleep": "作息紊乱，入睡困难；建立规律作息表，减少睡前使用手机。",
    "peers": "担心返校后被同学疏远；角色演练，鼓励主动联系好友。",
    "grief": "祖父患病住院，情绪波动；哀伤支持，联系班主任给予关心。",
}


def counselling_demo(ctx) -> None:
    counsellor = ctx.users.get("xinli")
    if counsellor is None:
        return
    school = ctx.schools[ctx.options.profile.demo_school]
    # Its own generator: drawing from ctx.rng would shift what the steps after this one draw.
    rng, now = random.Random(ctx.options.seed), timezone.now()
    ids = list(
        Person.objects.filter(school=school, category=PersonCategory.STUDENT)
        .order_by("id")
        .values_list("id", flat=True)
    )
    chosen = ids[:: max(1, len(ids) // STUDENTS)][:STUDENTS]
    staff = Person.objects.filter(school=school, category=PersonCategory.STAFF).order_by("-id")
    people = list(Person.objects.filter(id__in=chosen).order_by("id")) + list(staff[:STAFF])
    for n, person in enumerate(people):
        day = ctx.options.today - dt.timedelta(days=rng.randint(1, DAYS))
        held_at = min(
            now, timezone.make_aware(dt.datetime.combine(day, dt.time(rng.choice([9, 10, 14, 15]), 0)))
        )
        category = CATEGORIES[n % len(CATEGORIES)]
        referral = n == 5
        session = record_session(
            actor=counsellor,
            person=person,
            held_at=held_at,
            kind="referral" if referral else KINDS[n % len(KINDS)],
            category="crisis" if referral else category,
            note="评估有持续失眠和自伤念头，经家长同意转介县精神卫生专科门诊。"
            if referral
            else NOTES.get(category, ""),
            hospital="本溪县人民医院心理门诊" if referral else "",
            follow_up_on=day + dt.timedelta(days=7),
        )
        followed = day + dt.timedelta(days=7)
        if n % 3 == 0 and followed < ctx.options.today:
            record_follow_up(
                session=session,
                actor=counsellor,
                on=followed,
                outcome="improved" if n % 2 else "stable",
                note="情绪平稳，作息恢复，继续观察。",
                next_on=None if n % 2 else followed + dt.timedelta(days=14),
            )
