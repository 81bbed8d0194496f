from django.contrib import admin

from eduguard.logistics.models import Ride, Trip


class RideInline(admin.TabularInline):
    model = Ride
    raw_id_fields = ["person"]
    extra = 0


@admin.register(Trip)
class TripAdmin(admin.ModelAdmin):
    list_display = ["date", "vehicle", "route", "school", "departs_at"]
    list_filter = ["date"]
    inlines = [RideInline]
