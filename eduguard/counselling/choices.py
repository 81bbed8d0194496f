"""Choices of psychological support records."""

from django.db import models


class SessionKind(models.TextChoices):
    INDIVIDUAL = "individual", "个别辅导"
    GROUP = "group", "团体辅导"
    HOTLINE = "hotline", "心理热线"
    REFERRAL = "referral", "转介医院"


class ConcernCategory(models.TextChoices):
    """What the person came with (辅导主题), coarse on purpose: the note says the rest."""

    ANXIETY = "anxiety", "疫情焦虑、恐慌"
    MOOD = "mood", "情绪低落"
    STUDY = "study", "学业压力"
    FAMILY = "family", "家庭关系"
    PEERS = "peers", "人际关系"
    GRIEF = "grief", "亲人患病或离世"
    SLEEP = "sleep", "睡眠问题"
    CRISIS = "crisis", "危机干预"
    OTHER = "other", "其他"


class Outcome(models.TextChoices):
    IMPROVED = "improved", "好转"
    STABLE = "stable", "稳定"
    CONTINUING = "continuing", "需继续辅导"
    REFERRED = "referred", "已转介"
    CLOSED = "closed", "结案"
