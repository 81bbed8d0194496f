"""The administrator's pages: the required-document list is edited here (rules are data); places
may be renamed or retired here; uploads, reviews and logs are written on the campus pages, where
roles and norms are checked, and are only shown here."""

from django.contrib import admin

from eduguard.campus.models import (
    DisinfectionLog,
    GateEntry,
    LeavePass,
    Place,
    RequiredDocument,
    SchoolDocument,
    VentilationLog,
    Visit,
)
from eduguard.core.admin import ReadOnlyAdmin


@admin.register(RequiredDocument)
class RequiredDocumentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "order", "active", "effective_from", "source"]
    list_filter = ["kind", "active"]
    list_editable = ["order", "active"]

    def has_delete_permission(self, request, obj=None):
        # A document schools have uploaded stays (PROTECT); retire it with `active` instead.
        return super().has_delete_permission(request, obj) and not (obj and obj.uploads.exists())


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "school__name"]
    fields = ["school", "name", "kind", "active"]

    def get_readonly_fields(self, request, obj=None):
        return ["school"] if obj else []  # logs copy the school: a place never moves


@admin.register(SchoolDocument)
class SchoolDocumentAdmin(ReadOnlyAdmin):
    list_display = ["school", "required", "version", "status", "uploaded_by", "uploaded_at", "reviewed_by"]
    list_filter = ["status", "required"]


@admin.register(DisinfectionLog)
class DisinfectionLogAdmin(ReadOnlyAdmin):
    list_display = ["place", "school", "date", "time", "method", "concentration_mg_l", "duration_min"]
    list_filter = ["method", "date"]


@admin.register(VentilationLog)
class VentilationLogAdmin(ReadOnlyAdmin):
    list_display = ["place", "school", "date", "start", "duration_min"]
    list_filter = ["date"]


@admin.register(GateEntry)
class GateEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "at",
        "school",
        "person",
        "direction",
        "temperature",
        "code_colour",
        "decision",
        "offline",
    ]
    list_filter = ["direction", "decision", "offline"]
    date_hierarchy = "at"


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = [
        "date",
        "school",
        "name",
        "id_masked",
        "purpose",
        "host",
        "status",
        "entered_at",
        "left_at",
    ]
    list_filter = ["status"]
    exclude = ["id_number_enc", "id_hash", "phone_enc", "phone_hash"]


@admin.register(LeavePass)
class LeavePassAdmin(ReadOnlyAdmin):
    list_display = ["person", "school", "leaves_on", "expected_back", "out_at", "back_at", "cancelled"]
    list_filter = ["cancelled"]
