"""The administrator's pages: the county's gathering points, vehicles and school gates are data
entered here; the plans, trips and rides are written by the planner and only shown."""

from django.contrib import admin

from eduguard.core.admin import ReadOnlyAdmin
from eduguard.logistics.models import GatheringPoint, ReturnPlan, Ride, SchoolGate, Trip, Vehicle


class RideInline(admin.TabularInline):
    model = Ride
    raw_id_fields = ["person"]
    extra = 0


@admin.register(Trip)
class TripAdmin(admin.ModelAdmin):
    list_display = ["date", "vehicle", "route", "school", "departs_at"]
    list_filter = ["date"]
    inlines = [RideInline]


@admin.register(GatheringPoint)
class GatheringPointAdmin(admin.ModelAdmin):
    list_display = ["township", "name", "address", "capacity", "active"]
    list_filter = ["township", "active"]


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    list_display = ["plate", "seats", "operator", "driver", "active"]
    list_filter = ["active"]


@admin.register(SchoolGate)
class SchoolGateAdmin(admin.ModelAdmin):
    list_display = ["school", "name", "per_minute"]


@admin.register(ReturnPlan)
class ReturnPlanAdmin(ReadOnlyAdmin):
    list_display = ["date", "batch", "status", "students", "buses_used", "gap"]
