"""Admin: the reporting triggers and cluster rules are configuration a bureau edits; incidents,
fever events and drills are records kept on the pages, shown here read-only."""

from django.contrib import admin

from eduguard.response.models import (
    ClusterRule,
    Drill,
    FeverEvent,
    FeverReading,
    FeverStep,
    Incident,
    IncidentCase,
    IncidentEvent,
    IncidentReport,
    ReportingTrigger,
)


@admin.register(ReportingTrigger)
class ReportingTriggerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "deadline_minutes", "urgency", "active"]
    list_editable = ["deadline_minutes", "active"]


@admin.register(ClusterRule)
class ClusterRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "trigger", "scope", "window_days", "min_cases", "active", "effective_from"]
    list_filter = ["scope", "active"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CaseInline(ReadOnlyInline):
    model = IncidentCase
    fields = ["person", "onset_on", "symptoms", "sources"]


class ReportInline(ReadOnlyInline):
    model = IncidentReport
    fields = ["kind", "recipient", "reported_at", "receiver", "phone"]


class EventInline(ReadOnlyInline):
    model = IncidentEvent
    fields = ["kind", "at", "by", "note"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ["scope_name", "school", "trigger", "status", "detected_at", "deadline"]
    list_filter = ["status", "trigger"]
    inlines = [CaseInline, ReportInline, EventInline]


class ReadingInline(ReadOnlyInline):
    model = FeverReading
    fields = ["at", "temperature", "method", "by"]


class StepInline(ReadOnlyInline):
    model = FeverStep
    fields = ["from_status", "to_status", "at", "by", "note"]


@admin.register(FeverEvent)
class FeverEventAdmin(ReadOnlyAdmin):
    list_display = ["person", "school", "source", "temperature", "status", "detected_at"]
    list_filter = ["status", "source"]
    raw_id_fields = ["person"]
    inlines = [ReadingInline, StepInline]


@admin.register(Drill)
class DrillAdmin(ReadOnlyAdmin):
    list_display = ["school", "scenario", "held_on", "participants"]
    list_filter = ["scenario"]
