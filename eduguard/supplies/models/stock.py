"""Where supplies are kept (the bureau's warehouse, each school) and what is there. A stock row is
changed only by a movement (services.movements), with a conditional update that can never take it
below zero, backed by a database check."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from eduguard.org.managers import ScopedQuerySet


class StoreQuerySet(ScopedQuerySet):
    """A school's store is seen with the school; the warehouse (no school) at county level."""

    def scope_q(self, s):
        return Q(school_id__in=s.school_ids) | Q(school__isnull=True, county_id__in=s.county_ids)


class RecordQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return Q(store__school_id__in=s.school_ids) | Q(
            store__school__isnull=True, store__county_id__in=s.county_ids
        )


class Store(models.Model):
    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="stores")
    school = models.OneToOneField(
        "org.School", on_delete=models.CASCADE, null=True, blank=True, related_name="store"
    )
    name = models.CharField("名称", max_length=60)

    objects = StoreQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "物资存放点"
        ordering = ["school__code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["county"], condition=Q(school__isnull=True), name="one_warehouse_per_county"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_warehouse(self) -> bool:
        return self.school_id is None

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("supplies:store", args=[self.pk])


class Stock(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="stock")
    item = models.ForeignKey("supplies.Item", on_delete=models.PROTECT, related_name="stock")
    quantity = models.DecimalField("库存", max_digits=12, decimal_places=2, default=0)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "库存"
        ordering = ["store", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["store", "item"], name="one_stock_row"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stock_never_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.store} {self.item} {self.quantity}"


class Source(models.TextChoices):
    """Where received supplies came from (Doc A: 向上争取一点、局统筹一点、社会捐赠一点、学校自筹一点)."""

    HIGHER = "higher", "向上争取"
    BUREAU = "bureau", "局统筹"
    DONATION = "donation", "社会捐赠"
    SCHOOL = "school", "学校自筹"


class Kind(models.TextChoices):
    RECEIVE = "receive", "入库"
    TRANSFER = "transfer", "调拨"
    ISSUE = "issue", "发放领用"
    CONSUME = "consume", "消耗"
    WRITE_OFF = "write_off", "报损"
    COUNT = "count", "盘点"


class Movement(models.Model):
    """One change of stock. Quantity is positive; `from_store` loses it, `to_store` gains it
    (a receipt has no from, an issue, consumption or write-off no to, a transfer both; a count
    moves the difference it found, one way or the other)."""

    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    item = models.ForeignKey("supplies.Item", on_delete=models.PROTECT, related_name="movements")
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2)
    from_store = models.ForeignKey(
        Store, on_delete=models.PROTECT, null=True, blank=True, related_name="outgoing", verbose_name="调出"
    )
    to_store = models.ForeignKey(
        Store, on_delete=models.PROTECT, null=True, blank=True, related_name="incoming", verbose_name="调入"
    )
    source = models.CharField("来源", max_length=10, choices=Source.choices, blank=True)
    donor = models.CharField("捐赠方", max_length=60, blank=True)
    order_line = models.ForeignKey(
        "supplies.OrderLine", on_delete=models.PROTECT, null=True, blank=True, related_name="receipts"
    )
    counted = models.DecimalField("盘点实数", max_digits=12, decimal_places=2, null=True, blank=True)
    date = models.DateField("日期")
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "出入库记录"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="movement_quantity_not_negative"),
            models.CheckConstraint(
                condition=Q(from_store__isnull=True)
                | Q(to_store__isnull=True)
                | ~Q(from_store=models.F("to_store")),
                name="transfer_between_two_places",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.item} {self.quantity}"
