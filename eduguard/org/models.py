"""The organisation tree (county → grid → school → grade → class) and the people in it."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from eduguard.core import crypto
from eduguard.core.county import CarriesCounty
from eduguard.core.masking import mask_id, mask_phone
from eduguard.org.choices import GuardianRelation, IdType, PersonCategory, SchoolType, Sex, StaffType
from eduguard.org.managers import (
    ClassManager,
    CountyManager,
    DormRoomManager,
    GradeManager,
    GridManager,
    GuardianManager,
    PersonManager,
    SchoolManager,
)


class County(models.Model):
    """A county (县) and its education bureau, identified by its GB/T 2260 code."""

    code = models.CharField("行政区划代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=50)
    bureau_name = models.CharField("教育局名称", max_length=100, blank=True)

    objects = CountyManager()

    class Meta:
        verbose_name = verbose_name_plural = "县"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Grid(models.Model):
    """A grid (网格/片区) of schools, led by two grid leaders (双网格长) recorded as assignments."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="grids", verbose_name="县")
    code = models.CharField("编号", max_length=20)
    name = models.CharField("名称", max_length=50)

    objects = GridManager()

    class Meta:
        verbose_name = verbose_name_plural = "网格"
        ordering = ["county", "code"]
        constraints = [models.UniqueConstraint(fields=["county", "code"], name="grid_code_unique_in_county")]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    """A school with a stable code, its type, boarding and the batch it reopens in."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="schools", verbose_name="县")
    grid = models.ForeignKey(
        Grid, on_delete=models.SET_NULL, null=True, blank=True, related_name="schools", verbose_name="网格"
    )
    code = models.CharField("学校代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=100)
    type = models.CharField("类型", max_length=20, choices=SchoolType.choices)
    boarding = models.BooleanField("寄宿制", default=False)
    reopening_batch = models.PositiveSmallIntegerField("开学批次", null=True, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)

    objects = SchoolManager()

    class Meta:
        verbose_name = verbose_name_plural = "学校"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Grade(models.Model):
    """A grade (年级) of a school; `level` orders grades across school types (1 = 一年级, 10 = 高一)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="grades", verbose_name="学校")
    name = models.CharField("名称", max_length=20)
    level = models.PositiveSmallIntegerField("学段序号")

    objects = GradeManager()

    class Meta:
        verbose_name = verbose_name_plural = "年级"
        ordering = ["school", "level"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="grade_name_unique_in_school")]

    def __str__(self) -> str:
        return self.name


class SchoolClass(models.Model):
    """A class (班级). `school` repeats the grade's school so scope checks need no join."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="classes", verbose_name="学校")
    grade = models.ForeignKey(Grade, on_delete=models.CASCADE, related_name="classes", verbose_name="年级")
    number = models.PositiveSmallIntegerField("班号")
    name = models.CharField("名称", max_length=30)

    objects = ClassManager()

    class Meta:
        verbose_name = verbose_name_plural = "班级"
        ordering = ["school", "grade__level", "number"]
        constraints = [
            models.UniqueConstraint(fields=["grade", "number"], name="class_number_unique_in_grade")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.school_id = self.grade.school_id
        super().save(*args, **kwargs)


class DormRoom(models.Model):
    """A dormitory room of a boarding school; its label (楼-房间) is how rosters name it."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="dorm_rooms", verbose_name="学校"
    )
    label = models.CharField("宿舍", max_length=30, help_text="如 1号楼-203")
    capacity = models.PositiveSmallIntegerField("床位", default=8)

    objects = DormRoomManager()

    class Meta:
        verbose_name = verbose_name_plural = "宿舍"
        ordering = ["school", "label"]
        constraints = [
            models.UniqueConstraint(fields=["school", "label"], name="dorm_label_unique_in_school")
        ]

    def __str__(self) -> str:
        return self.label


class SealedContactMixin(models.Model):
    """A phone stored encrypted, with a keyed hash for look-up and a mask for display."""

    phone_enc = models.TextField("手机号（密文）", blank=True, default="")
    phone_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    phone_masked = models.CharField("手机号", max_length=20, blank=True, default="")

    class Meta:
        abstract = True

    def set_phone(self, normalised: str) -> None:
        self.phone_enc = crypto.encrypt(normalised)
        self.phone_hash = crypto.lookup_hash(normalised)
        self.phone_masked = mask_phone(normalised)

    def reveal_phone(self) -> str:
        """Plain phone. Callers must hold org.unmask_person and log the access (audit.services)."""
        return crypto.decrypt(self.phone_enc)


class SealsIdNumber:
    """For a model with id_type, id_number_enc, id_hash and id_masked: the ID number is stored
    encrypted, with a keyed hash (de-duplication, look-up) and the mask lists show."""

    def set_id_number(self, id_type: str, number: str) -> None:
        self.id_type = id_type
        self.id_number_enc = crypto.encrypt(number)
        self.id_hash = crypto.lookup_hash(f"{id_type}:{number}") if number else ""
        self.id_masked = mask_id(number)


class Person(SealsIdNumber, SealedContactMixin):
    """A student, staff member or temporary worker. Bureau staff have a county and no school."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="people", verbose_name="县")
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="people", verbose_name="学校"
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name="班级",
    )
    dorm = models.ForeignKey(
        DormRoom, on_delete=models.SET_NULL, null=True, blank=True, related_name="people", verbose_name="宿舍"
    )
    category = models.CharField("人员类别", max_length=20, choices=PersonCategory.choices)
    staff_type = models.CharField("岗位", max_length=20, choices=StaffType.choices, blank=True, default="")
    name = models.CharField("姓名", max_length=50)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, default=IdType.RESIDENT)
    id_number_enc = models.TextField("证件号码（密文）", blank=True, default="")
    id_hash = models.CharField(max_length=64, blank=True, default="")
    id_masked = models.CharField("证件号码", max_length=30, blank=True, default="")
    household_township = models.CharField("户籍乡镇", max_length=50, blank=True)
    address_enc = models.TextField("家庭住址（密文）", blank=True, default="")
    boarding = models.BooleanField("住校", default=False)
    is_active = models.BooleanField("在册", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonManager()

    class Meta:
        verbose_name = verbose_name_plural = "人员"
        ordering = ["school", "school_class", "name"]
        permissions = [("unmask_person", "查看完整证件号码和手机号（留痕）")]
        constraints = [
            # One person per ID number; people without a document (id_type 无) have no hash.
            models.UniqueConstraint(
                fields=["id_hash"], condition=~Q(id_hash=""), name="person_id_hash_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["school", "category"]),
            models.Index(fields=["school_class", "category"]),
        ]

    def __str__(self) -> str:
        return self.name

    def reveal_id_number(self) -> str:
        """Plain ID number. Callers must hold org.unmask_person and log the access (audit.services)."""
        return crypto.decrypt(self.id_number_enc)

    def set_address(self, address: str) -> None:
        self.address_enc = crypto.encrypt(address)

    def reveal_address(self) -> str:
        return crypto.decrypt(self.address_enc)


class Guardian(CarriesCounty, SealedContactMixin):
    """A student's guardian. One phone may serve siblings, so phones are not unique."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="guardians", verbose_name="学生"
    )
    name = models.CharField("监护人姓名", max_length=50)
    relation = models.CharField("关系", max_length=30, choices=GuardianRelation.choices)

    objects = GuardianManager()

    class Meta:
        verbose_name = verbose_name_plural = "监护人"
        ordering = ["person_id", "id"]  # by column: ordering by the FK would join Person's own ordering

    def __str__(self) -> str:
        return f"{self.name}（{self.get_relation_display()}）"


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user sees the jobs they started; the system administrator sees all."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(user=user)


class ImportJob(models.Model):
    """One roster upload from the web and its outcome; the task fills in progress and counts.

    The uploaded bytes hold plain ID numbers, so they are cleared as soon as the job finishes.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "等待中"
        RUNNING = "running", "导入中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="导入人",
    )
    file_name = models.CharField("文件名", max_length=255)
    data = models.BinaryField("文件内容", default=b"", editable=False)
    dry_run = models.BooleanField("仅校验", default=False)
    skip_invalid = models.BooleanField("跳过错误行", default=False)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField("总行数", default=0)
    processed_rows = models.PositiveIntegerField("已处理行数", default=0)
    created_count = models.PositiveIntegerField("新增", default=0)
    updated_count = models.PositiveIntegerField("更新", default=0)
    unchanged_count = models.PositiveIntegerField("未变", default=0)
    invalid_count = models.PositiveIntegerField("错误行", default=0)
    errors = models.JSONField("错误", default=list, blank=True)
    message = models.CharField("结果说明", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "花名册导入任务"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
