"""Supply items and their norms are data (domain.md §6.1): the unit, whether it comes in whole
units, how much a student and a staff member use a day, the reserve a school must hold, and the
emergency share a boarding school holds on top of it (about 10 % of PPE, domain.md §6.1)."""

from django.db import models
from django.db.models import Q


class Item(models.Model):
    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=40)
    unit = models.CharField("单位", max_length=10)
    whole = models.BooleanField(
        "按整数计", default=True, help_text="口罩、体温计按个计；消毒液按升计可有小数"
    )
    per_student_day = models.DecimalField("学生每人每天用量", max_digits=8, decimal_places=3, default=0)
    per_staff_day = models.DecimalField("教职工每人每天用量", max_digits=8, decimal_places=3, default=0)
    reserve_days = models.PositiveSmallIntegerField(
        "储备天数", null=True, blank=True, help_text="空则按规则 supplies.reserve_days"
    )
    boarding_extra = models.DecimalField(
        "寄宿制学校应急储备比例",
        max_digits=4,
        decimal_places=2,
        default=0,
        help_text="寄宿制学校在储备天数之外另备的比例，如 0.10 即多备 10%",
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "物资品目"
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(per_student_day__gte=0) & Q(per_staff_day__gte=0) & Q(boarding_extra__gte=0),
                name="item_norms_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_norm(self) -> bool:
        return self.per_student_day > 0 or self.per_staff_day > 0
