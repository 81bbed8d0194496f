"""Choices of the teaching app, and the school stages grades belong to (义务教育 = grades 1–9)."""

from django.db import models


class Stage(models.TextChoices):
    """The stage (学段) of a grade, by its level: 1–6 小学, 7–9 初中, 10–12 高中."""

    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中"


# Grade levels of each stage (eduguard/org/demo/profiles.py GRADES: 一年级 = 1 … 高三 = 12).
STAGE_LEVELS = {Stage.PRIMARY: range(1, 7), Stage.JUNIOR: range(7, 10), Stage.SENIOR: range(10, 13)}
COMPULSORY = (Stage.PRIMARY, Stage.JUNIOR)  # 义务教育


def stage_of(level: int) -> Stage | None:
    for stage, levels in STAGE_LEVELS.items():
        if level in levels:
            return stage
    return None


class Source(models.TextChoices):
    ENTERED = "entered", "学校填报"
    IMPORTED = "imported", "平台导入"


class EventKind(models.TextChoices):
    FIRST_LESSON = "first_lesson", "开学第一课"
    CLASS_MEETING = "class_meeting", "主题班会"
    LECTURE = "lecture", "健康讲座"
    BROADCAST = "broadcast", "广播、视频课"
    OTHER = "other", "其他"
