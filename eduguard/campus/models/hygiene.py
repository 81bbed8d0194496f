"""Disinfection and ventilation logs (通风消毒制度, domain.md §6.3): the rooms a school logs, and one
row per disinfection or airing with the two signatures the norm asks for (operator and checker).

Whether a place met the norms on a day is computed from these rows (services.hygiene), never stored.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from eduguard.campus.managers import HygieneLogQuerySet, PlaceQuerySet

# A concentration above this is a typing error (ready-made 84 liquids hold ~50,000 mg/L, but what
# is applied to surfaces is diluted: 250–500, isolation rooms 1000, spills at most a few thousand).
MAX_CONCENTRATION_MG_L = 20_000
MAX_MINUTES = 24 * 60


class PlaceKind(models.TextChoices):
    CLASSROOM = "classroom", "教室"
    DORMITORY = "dormitory", "宿舍"
    CANTEEN = "canteen", "食堂"
    TOILET = "toilet", "卫生间"
    ISOLATION_ROOM = "isolation_room", "隔离室"
    OFFICE = "office", "办公室"
    OTHER = "other", "其他"


class DisinfectionMethod(models.TextChoices):
    CHLORINE = "chlorine", "含氯消毒剂"
    ETHANOL = "ethanol", "75%乙醇"
    UV = "uv", "紫外线灯"
    OTHER = "other", "其他"


class Place(models.Model):
    """A room or area a school disinfects and airs, e.g. 七(1)班教室 or 临时隔离室."""

    school = models.ForeignKey("org.School", on_delete=models.CASCADE, related_name="campus_places")
    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类型", max_length=20, choices=PlaceKind.choices)
    active = models.BooleanField("使用中", default=True, help_text="停用的处所不再计入达标统计")

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "消毒通风处所"
        ordering = ["school", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="one_place_name_per_school")]

    def __str__(self) -> str:
        return self.name


class HygieneLog(models.Model):
    """What a disinfection and a ventilation log share: the place (and a copy of its school, for
    scope and per-school queries), the day, the two signatures and who typed it in."""

    # RESTRICT: a place with logs is retired, not deleted; deleting its school takes both.
    place = models.ForeignKey(Place, on_delete=models.RESTRICT, related_name="+", verbose_name="处所")
    school = models.ForeignKey("org.School", on_delete=models.CASCADE, related_name="+")
    date = models.DateField("日期")
    duration_min = models.PositiveSmallIntegerField("时长（分钟）")
    operator = models.CharField("操作人", max_length=30)
    checker = models.CharField("检查人", max_length=30)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = HygieneLogQuerySet.as_manager()

    class Meta:
        abstract = True


def _log_constraints(prefix: str) -> list:
    return [
        models.CheckConstraint(
            condition=Q(duration_min__gte=1, duration_min__lte=MAX_MINUTES), name=f"{prefix}_duration_sane"
        ),
        models.CheckConstraint(
            condition=~Q(operator="") & ~Q(checker="") & ~Q(operator=F("checker")),
            name=f"{prefix}_two_signatures",
        ),
    ]


class DisinfectionLog(HygieneLog):
    """One disinfection of a place. duration_min is the contact time (chlorine, ethanol) or the
    exposure time (UV)."""

    time = models.TimeField("时间")
    method = models.CharField("方法", max_length=10, choices=DisinfectionMethod.choices)
    agent = models.CharField("消毒剂/设备", max_length=60, blank=True)
    concentration_mg_l = models.PositiveIntegerField("有效氯浓度（mg/L）", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "消毒记录"
        ordering = ["-date", "-time", "-id"]
        indexes = [models.Index(fields=["school", "date"])]
        constraints = [
            *_log_constraints("disinfection"),
            models.CheckConstraint(
                condition=~Q(method=DisinfectionMethod.CHLORINE) | Q(concentration_mg_l__isnull=False),
                name="chlorine_has_a_concentration",
            ),
            models.CheckConstraint(
                condition=Q(concentration_mg_l__isnull=True)
                | Q(concentration_mg_l__gte=1, concentration_mg_l__lte=MAX_CONCENTRATION_MG_L),
                name="concentration_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.date} {self.time:%H:%M} {self.get_method_display()}"


class VentilationLog(HygieneLog):
    """One airing of a place (opened windows), from `start` for `duration_min` minutes."""

    start = models.TimeField("开始时间")

    class Meta:
        verbose_name = verbose_name_plural = "通风记录"
        ordering = ["-date", "-start", "-id"]
        indexes = [models.Index(fields=["school", "date"])]
        constraints = _log_constraints("ventilation")

    def __str__(self) -> str:
        return f"{self.place} {self.date} {self.start:%H:%M} {self.duration_min}分钟"
