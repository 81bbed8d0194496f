"""The demo county's home–school messages (seed 004): "利用微信群和短信群,开展了“家校互动”活动…共发送短信
27436条". The bureau's letter to every family, notices to the graduating grades about online
tutoring, and class notices — sent through the live service, then marked delivered by SMS on their
days in the winter holiday. Class notices are chosen so the total is exactly the seed's."""

import datetime as dt
from collections import defaultdict

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from eduguard.notify.models import Channel, Message, Status
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person, SchoolClass
from eduguard.outreach.models import Audience, Notice
from eduguard.outreach.services.notices import Preview, guardian_rows, pick_guardians, send_notice

SMS_TOTAL = 27_436
HISTORY_DAYS = 70
LETTER = (
    "致全县教师、学生和家长的一封信：疫情防控期间请不信谣、不传谣，减少外出、不聚集，"
    "外出佩戴口罩，勤洗手；每日为孩子测量体温并按时填报健康日报。"
)
GRADUATING = "毕业年级“停课不停学”线上辅导已开始，请督促孩子按课表参加，每天户外活动不少于1小时。"
CLASS_NOTES = (
    "请家长关注孩子心理状态，居家学习注意劳逸结合，如有困难请联系班主任。",
    "返校前14天请每日为孩子测量体温，如有发热、咳嗽请及时告知班主任并就医。",
    "请提醒孩子按时参加线上学习，完成当天作业，保护视力。",
)


def messages_demo(ctx) -> None:
    actor = ctx.users.get("leader")
    if actor is None:
        return
    county = ctx.county
    schools = sorted(ctx.schools.values(), key=lambda s: s.code)
    sign = county.bureau_name
    # How many phones a notice to each unit reaches, from one read of the county's guardians
    # through the service's own rule (the sends below recount each one).
    students = Person.objects.filter(county=county, category=PersonCategory.STUDENT, is_active=True)
    where = {
        pid: (klass, grade)
        for pid, klass, grade in students.values_list("id", "school_class", "school_class__grade")
    }
    rows = list(guardian_rows(students))
    by_class, by_grade = defaultdict(list), defaultdict(list)
    for row in rows:
        klass, grade = where[row[0]]
        by_class[klass].append(row)
        by_grade[grade].append(row)

    def reach(group) -> int:
        return len(pick_guardians(group, Audience.GUARDIANS)[0])

    plan = [(county, LETTER, reach(rows))]
    remaining = SMS_TOTAL - plan[0][2]
    for school in schools:  # 初三 and 高三
        for grade in school.grades.filter(level__in=(9, 12)).order_by("level"):
            n = reach(by_grade[grade.pk])
            if n and remaining - n >= 2_000:  # keep room for the class notices to land exactly
                plan.append((grade, GRADUATING, n))
                remaining -= n
    classes = list(SchoolClass.objects.filter(school__county=county).select_related("school", "grade"))
    classes.sort(key=lambda k: (k.school.code, k.grade.level, k.number))
    ctx.rng.shuffle(classes)
    sizes = [reach(by_class[k.pk]) for k in classes]
    for i in _subset(sizes, max(remaining, 0)):
        plan.append((classes[i], CLASS_NOTES[i % len(CLASS_NOTES)], sizes[i]))
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(ctx.options.today - dt.timedelta(days=HISTORY_DAYS), dt.time(8), tzinfo=tz)
    sent = []
    for n, (unit, body, count) in enumerate(plan):
        # The sender confirms the count they were shown (the service counts again and refuses a change).
        seen = Preview(unit, Audience.GUARDIANS, sign, body, count, 0)
        notice = send_notice(
            actor=actor, unit=unit, audience=Audience.GUARDIANS, signature=sign, body=body, token=seen.token
        )
        notice.created_at = start + dt.timedelta(days=(HISTORY_DAYS - 14) * n // len(plan), minutes=n)
        notice.channel = Channel.SMS
        sent.append(notice)
    # Delivered by SMS on their days: two statements for the lot.
    Notice.objects.bulk_update(sent, ["created_at", "channel"], batch_size=500)
    when = Notice.objects.filter(pk=OuterRef("notice_id")).values("created_at")[:1]
    Message.objects.filter(notice__in=sent).update(
        channel=Channel.SMS, status=Status.SENT, attempts=1, created_at=Subquery(when), sent_at=Subquery(when)
    )


def _subset(sizes: list[int], target: int) -> list[int]:
    """Indices of `sizes` summing to `target`, or to the largest reachable sum below it."""
    reach = [1]  # reach[i]: bit s set when a subset of sizes[:i] sums to s
    mask = (1 << (target + 1)) - 1
    for size in sizes:
        reach.append((reach[-1] | (reach[-1] << size)) & mask if size else reach[-1])
    best = reach[-1].bit_length() - 1
    chosen, s = [], best
    for i in range(len(sizes), 0, -1):
        if not (reach[i - 1] >> s) & 1:  # s needs sizes[i-1]
            chosen.append(i - 1)
            s -= sizes[i - 1]
    return sorted(chosen)
