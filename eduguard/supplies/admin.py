"""The administrator's pages: items and their norms, and the stores, are configuration; stock,
movements and orders are written through the supplies pages, where quantities and roles are
checked, and are only shown here."""

from django.contrib import admin

from eduguard.core.admin import ReadOnlyAdmin
from eduguard.supplies.models import Item, Movement, Order, Stock, Store


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "unit",
        "whole",
        "per_student_day",
        "per_staff_day",
        "reserve_days",
        "active",
    ]


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = ["name", "county", "school"]
    raw_id_fields = ["school"]


@admin.register(Stock)
class StockAdmin(ReadOnlyAdmin):
    list_display = ["store", "item", "quantity"]


@admin.register(Movement)
class MovementAdmin(ReadOnlyAdmin):
    list_display = ["date", "kind", "item", "quantity", "from_store", "to_store", "source"]
    list_filter = ["kind", "source"]


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["ordered_on", "supplier", "source", "closed"]
