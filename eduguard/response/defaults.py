"""The default reporting triggers and cluster rules (domain.md §2.1), loaded by migration 0002 and
again by `ensure_defaults()` when the tables were emptied (a flushed test database, an admin who
deleted every row): an incident must never fail to open for want of its trigger."""

import datetime as dt

SOURCE = "卫办疾控发〔2006〕65号，domain.md §2.1"
TRIGGERS = [
    ("T1", "聚集性病例", "同一宿舍或同一班级，1天内有3例或连续3天内有多个（5例以上）症状相似的病例", 1440, 2),
    ("T2", "传染病病例或疑似病例", "学校发现传染病病人或者疑似传染病病人：立即报告（最短时限60分钟）", 60, 4),
    ("T3", "个别不明原因症状", "个别学生出现不明原因的高热、呼吸急促或剧烈呕吐、腹泻等症状", 1440, 1),
    ("T4", "群体性不明原因疾病", "学校发生群体性不明原因疾病或者其他突发公共卫生事件", 1440, 3),
]
RULES = [
    ("同班1天3例", "class", 1, 3),
    ("同班连续3天5例", "class", 3, 5),
    ("同宿舍1天3例", "dormitory", 1, 3),
    ("同宿舍连续3天5例", "dormitory", 3, 5),
]
RULES_FROM = dt.date(2006, 4, 6)


def load(trigger_model, rule_model) -> None:
    """Create the missing defaults (models passed in, so the migration can use its own)."""
    for code, name, description, minutes, urgency in TRIGGERS:
        trigger_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "deadline_minutes": minutes,
                "urgency": urgency,
                "source": SOURCE,
            },
        )
    if rule_model.objects.exists():
        return  # a bureau that edited or switched off its rules keeps them
    t1 = trigger_model.objects.get(code="T1")
    for name, scope, days, cases in RULES:
        rule_model.objects.create(
            name=name,
            trigger=t1,
            scope=scope,
            window_days=days,
            min_cases=cases,
            effective_from=RULES_FROM,
            source=SOURCE,
        )


def ensure_defaults() -> None:
    from eduguard.response.models import ClusterRule, ReportingTrigger

    load(ReportingTrigger, ClusterRule)
