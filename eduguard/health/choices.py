from django.db import models


class Symptom(models.TextChoices):
    """The contract's symptom codes (DESIGN.md) with the labels of domain.md §7.1."""

    FEVER = "fever", "发热"
    COUGH = "cough", "干咳/咳嗽"
    FATIGUE = "fatigue", "乏力"
    SORE_THROAT = "sore_throat", "咽痛"
    RUNNY_NOSE = "runny_nose", "鼻塞/流涕"
    SHORTNESS_OF_BREATH = "shortness_of_breath", "气促/呼吸困难"
    DIARRHEA = "diarrhea", "腹泻"
    VOMITING = "vomiting", "呕吐"
    HEADACHE = "headache", "头痛"
    RASH = "rash", "皮疹"
    CONJUNCTIVITIS = "conjunctivitis", "结膜充血"
    LOSS_OF_TASTE_SMELL = "loss_of_taste_smell", "味觉嗅觉减退"
    OTHER = "other", "其他"


class HealthCode(models.TextChoices):
    GREEN = "green", "绿码"
    YELLOW = "yellow", "黄码"
    RED = "red", "红码"
    NONE = "none", "无健康码"


class ReporterKind(models.TextChoices):
    SELF = "self", "本人"
    GUARDIAN = "guardian", "监护人"
    TEACHER = "teacher", "教师代报"
    CHAIN = "chain", "接龙导入"


class Source(models.TextChoices):
    LINK = "link", "班级链接"
    WEB = "web", "登录填报"
    API = "api", "接口"
    CHAIN = "chain", "接龙导入"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "待跟进"
    CLOSED = "closed", "已处理"


class RuleKind(models.TextChoices):
    """How an abnormal-report rule tests a report (the rule's field and value are data)."""

    AT_LEAST = "at_least", "数值不低于"
    ANY_OF = "any_of", "列表非空"
    IS_TRUE = "is_true", "为“是”"
    NOT_EQUAL = "not_equal", "不等于"
