"""Choices of the public concerns register."""

from django.db import models


class ConcernKind(models.TextChoices):
    RUMOUR = "rumour", "谣言"
    COMPLAINT = "complaint", "投诉"
    PETITION = "petition", "信访"
    MEDIA = "media", "媒体问询"
    HOTLINE = "hotline", "12345热线工单"


class Channel(models.TextChoices):
    """How the concern reached the bureau (来源渠道)."""

    HOTLINE = "hotline", "12345热线"
    PHONE = "phone", "来电"
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    ONLINE = "online", "网络、微信群"
    MEDIA = "media", "新闻媒体"
    REFERRED = "referred", "上级转办"
    OTHER = "other", "其他"


class ConcernStatus(models.TextChoices):
    OPEN = "open", "办理中"
    RESPONDED = "responded", "已答复"
    CLOSED = "closed", "已办结"
