from django.db import models


class SchoolType(models.TextChoices):
    HIGH = "high", "高中"
    JUNIOR = "junior", "初中"
    NINE_YEAR = "nine_year", "九年一贯制"
    PRIMARY = "primary", "完全小学"
    TEACHING_POINT = "teaching_point", "教学点"


class PersonCategory(models.TextChoices):
    STUDENT = "student", "学生"
    STAFF = "staff", "教职工"
    TEMPORARY = "temporary", "临时工"


class StaffType(models.TextChoices):
    NONE = "", "—"
    TEACHER = "teacher", "专任教师"
    OTHER = "other", "其他职工"


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class IdType(models.TextChoices):
    RESIDENT = "resident", "居民身份证"
    HMT_RESIDENCE = "hmt_residence", "港澳台居民居住证"
    HM_PERMIT = "hm_permit", "港澳居民来往内地通行证"
    PASSPORT = "passport", "护照"
    FOREIGN_PR = "foreign_pr", "外国人永久居留身份证"
    NONE = "none", "无"


class GuardianRelation(models.TextChoices):
    FATHER = "father", "父亲"
    MOTHER = "mother", "母亲"
    GRANDPARENT = "grandparent", "祖父母"
    MATERNAL_GRANDPARENT = "maternal_grandparent", "外祖父母"
    OTHER = "other", "其他"
