"""Purchase orders (采购订单): a supplier, lines of items with quantities and expected dates, and
the receipts against each line (partial deliveries). What is still to come is "on order"."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from eduguard.org.managers import ScopedQuerySet


class OrderQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return Q(county_id__in=s.county_ids)


class Order(models.Model):
    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="supply_orders")
    supplier = models.CharField("供应商", max_length=80)
    ordered_on = models.DateField("下单日期")
    source = models.CharField(
        "资金来源",
        max_length=10,
        choices=[("higher", "向上争取"), ("bureau", "局统筹"), ("school", "学校自筹")],
    )
    closed = models.BooleanField("已关闭", default=False)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "采购订单"
        ordering = ["-ordered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.supplier} {self.ordered_on}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("supplies:order", args=[self.pk])


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey("supplies.Item", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField("订购数量", max_digits=12, decimal_places=2)
    received = models.DecimalField("已到货", max_digits=12, decimal_places=2, default=0)
    expected_on = models.DateField("预计到货", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "订单明细"
        ordering = ["order", "item__order"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_positive"),
            models.CheckConstraint(
                condition=Q(received__gte=0) & Q(received__lte=models.F("quantity")),
                name="received_within_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.quantity}"

    @property
    def outstanding(self):
        return self.quantity - self.received
