from django.db import models


class FeverSource(models.TextChoices):
    """Where a fever was found (domain.md §5.7 step 1)."""

    GATE = "gate", "校门测温"
    CHECK = "check", "晨午晚检"
    OBSERVATION = "observation", "全日健康观察"
    DAILY_REPORT = "daily_report", "健康日报（在家）"


class FeverStatus(models.TextChoices):
    """The states of domain.md §5.7: detected → isolated → retested → cleared | referred →
    excluded → returned | confirmed."""

    DETECTED = "detected", "发现"
    ISOLATED = "isolated", "临时隔离"
    RETESTED = "retested", "已复测"
    CLEARED = "cleared", "复测正常，回班"
    REFERRED = "referred", "已转诊"
    EXCLUDED = "excluded", "已排除，待复课"
    RETURNED = "returned", "已复课"
    CONFIRMED = "confirmed", "确诊/疑似"


class Transport(models.TextChoices):
    PARENT = "parent", "家长接送"
    ESCORT = "escort", "学校专人护送"
    AMBULANCE = "ambulance", "120急救车"
    SELF = "self", "自行前往（教职工）"


class ReadingMethod(models.TextChoices):
    AXILLARY = "axillary", "水银体温计（腋下）"
    ELECTRONIC = "electronic", "电子体温计"
    FOREHEAD = "forehead", "额温枪"
    EAR = "ear", "耳温枪"


class ScopeType(models.TextChoices):
    """The unit an incident is about (the contract's scope_type values)."""

    CLASS = "class", "班级"
    DORMITORY = "dormitory", "宿舍"
    GRADE = "grade", "年级"
    SCHOOL = "school", "学校"


class IncidentSource(models.TextChoices):
    CLUSTER = "cluster", "聚集自动识别"
    FEVER = "fever", "发热处置"
    MANUAL = "manual", "人工登记"


class IncidentStatus(models.TextChoices):
    OPEN = "open", "待报告"
    REPORTED = "reported", "已报告，处置中"
    CLOSED = "closed", "已结案"


class Recipient(models.TextChoices):
    """domain.md §2.1: the local CDC and, at the same time, the local education authority."""

    CDC = "cdc", "疾控机构"
    EDUCATION = "education", "教育行政部门"


class ReportKind(models.TextChoices):
    INITIAL = "initial", "初次报告"
    PROGRESS = "progress", "进程报告"
    CLOSING = "closing", "结案报告"


class IncidentEventKind(models.TextChoices):
    OPENED = "opened", "发现"
    MERGED = "merged", "并入病例"
    RAISED = "raised", "升级报告类别"
    REPORTED = "reported", "报告"
    ESCALATED = "escalated", "逾期督办"
    CLOSED = "closed", "结案"


class DrillScenario(models.TextChoices):
    """The drills of Doc A (domain.md §5.7 end)."""

    ISOLATION_ROOM = "isolation_room", "临时隔离室启用"
    TEMPERATURE = "temperature", "入校测温"
    FEVER = "fever", "发热师生处置"
    MEALS = "meals", "食堂错峰分餐"
    OTHER = "other", "其他"


class ContactCategory(models.TextChoices):
    """The categories in the order a contact is listed under (the first that applies)."""

    CLASS = "class", "同班"
    DORM = "dorm", "同宿舍"
    BUS = "bus", "同车"
    TEACHER = "teacher", "任课教师"
