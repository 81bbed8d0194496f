"""Users and their responsibility assignments (五级包联), which are their scope."""

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from eduguard.accounts.choices import ROLE_LEVELS, Level, Role

TARGET_FIELDS = {
    Level.COUNTY: "county",
    Level.GRID: "grid",
    Level.SCHOOL: "school",
    Level.GRADE: "grade",
    Level.CLASS: "school_class",
    Level.PERSON: "person",
}


class User(AbstractUser):
    """A login. What it sees comes only from its active ResponsibilityAssignment rows (or superuser)."""

    full_name = models.CharField("姓名", max_length=50, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username


class AssignmentQuerySet(models.QuerySet):
    def active(self, day: dt.date | None = None):
        day = day or timezone.localdate()
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class ResponsibilityAssignment(models.Model):
    """One link of the five-level chain: a user covers one unit in one role, for a period.

    Exactly one target field is set, the one named by `level`.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments", verbose_name="用户")
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    level = models.CharField("层级", max_length=10, choices=Level.choices, editable=False)
    county = models.ForeignKey(
        "org.County", on_delete=models.CASCADE, null=True, blank=True, verbose_name="县"
    )
    grid = models.ForeignKey("org.Grid", on_delete=models.CASCADE, null=True, blank=True, verbose_name="网格")
    school = models.ForeignKey(
        "org.School", on_delete=models.CASCADE, null=True, blank=True, verbose_name="学校"
    )
    grade = models.ForeignKey(
        "org.Grade", on_delete=models.CASCADE, null=True, blank=True, verbose_name="年级"
    )
    school_class = models.ForeignKey(
        "org.SchoolClass", on_delete=models.CASCADE, null=True, blank=True, verbose_name="班级"
    )
    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, null=True, blank=True, verbose_name="人员"
    )
    valid_from = models.DateField("起始日期", default=timezone.localdate)
    valid_to = models.DateField("截止日期", null=True, blank=True)
    note = models.CharField("说明", max_length=100, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "包联责任"
        ordering = ["user", "level"]
        indexes = [models.Index(fields=["user", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.target}"

    @property
    def target(self):
        return getattr(self, TARGET_FIELDS[Level(self.level)]) if self.level else None

    def _set_level(self) -> None:
        set_levels = [lvl for lvl, field in TARGET_FIELDS.items() if getattr(self, f"{field}_id")]
        if len(set_levels) != 1:
            raise ValidationError("必须且只能指定一个包联对象（县、网格、学校、年级、班级或个人）")
        self.level = set_levels[0]

    def clean(self) -> None:
        self._set_level()
        if self.level not in ROLE_LEVELS[Role(self.role)]:
            raise ValidationError(
                {"role": f"角色「{Role(self.role).label}」不能包联「{Level(self.level).label}」"}
            )
        if self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "截止日期不能早于起始日期"})

    def save(self, *args, **kwargs):
        self._set_level()
        super().save(*args, **kwargs)
