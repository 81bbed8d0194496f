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


class CheckSession(models.TextChoices):
    """The class checks of domain.md §3.1: before the first lesson, the first afternoon lesson,
    and evening self-study (boarders)."""

    MORNING = "morning", "晨检"
    NOON = "noon", "午检"
    EVENING = "evening", "晚检"


class AbsenceKind(models.TextChoices):
    SICK = "sick", "病假"
    PERSONAL = "personal", "事假"
    UNKNOWN = "unknown", "原因不明"


class CheckAction(models.TextChoices):
    NONE = "", "—"
    OBSERVE = "observe", "班级观察"
    CLINIC = "clinic", "送校医室复查"
    ISOLATION = "isolation", "送临时隔离室"
    PARENT = "parent", "通知家长接回"
    HOSPITAL = "hospital", "就医"


class Infectious(models.TextChoices):
    UNKNOWN = "unknown", "不明"
    YES = "yes", "是"
    NO = "no", "否"


class DiagnosisStage(models.TextChoices):
    NONE = "", "—"
    INITIAL = "initial", "初步诊断"
    CONFIRMED = "confirmed", "确诊"


class Outcome(models.TextChoices):
    ONGOING = "", "跟进中"
    RECOVERED = "recovered", "痊愈"
    TREATMENT = "treatment", "仍在治疗"
    HOSPITALISED = "hospitalised", "住院"
    OTHER = "other", "其他"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "电话"
    WECHAT = "wechat", "微信"
    VISIT = "visit", "家访"
    IN_PERSON = "in_person", "面谈"


class HospitalLevel(models.TextChoices):
    """Higher values rank higher; the rule health.certificate_min_level names the lowest accepted."""

    DESIGNATED = "designated", "定点医院"
    TERTIARY = "tertiary", "三级医院"
    SECONDARY = "secondary", "二级医院"
    PRIMARY = "primary", "一级医院/乡镇卫生院"
    CLINIC = "clinic", "社区卫生服务站/诊所"


HOSPITAL_RANK = {"designated": 4, "tertiary": 3, "secondary": 2, "primary": 1, "clinic": 0}


class CertificateStatus(models.TextChoices):
    PENDING = "pending", "待校医审核"
    APPROVED = "approved", "审核通过"
    REJECTED = "rejected", "校医不同意复课"
