"""The administrator's pages: checklists, teams and batches are configuration (rules are data) and
edited here; inspections, fixes and approvals are written on the supervision pages, where roles
and conditions are checked, and are only shown here."""

from django.contrib import admin

from eduguard.core.admin import ReadOnlyAdmin
from eduguard.inspection.models import (
    Batch,
    ChecklistItem,
    ChecklistTemplate,
    Inspection,
    MedicalPosting,
    OpeningApproval,
    Rectification,
    ReopeningPlan,
    Team,
    TutoringCase,
)


class ItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "version", "kind", "effective_from", "active"]
    list_filter = ["kind", "active"]
    inlines = [ItemInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "county", "leader"]
    filter_horizontal = ["members", "schools"]


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "county", "target_date"]
    filter_horizontal = ["schools"]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["date", "school", "kind", "team", "template", "status"]
    list_filter = ["kind", "status"]


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ["school", "text", "deadline", "closed_at"]


@admin.register(OpeningApproval)
class OpeningApprovalAdmin(ReadOnlyAdmin):
    list_display = ["school", "batch", "approved_by", "approved_at", "opened_on"]


@admin.register(ReopeningPlan)
class ReopeningPlanAdmin(ReadOnlyAdmin):
    list_display = ["school", "version", "batch", "dining", "status", "submitted_at"]
    list_filter = ["status", "dining"]


@admin.register(MedicalPosting)
class MedicalPostingAdmin(ReadOnlyAdmin):
    list_display = ["school", "hospital", "name", "role", "starts_on", "ends_on"]


@admin.register(TutoringCase)
class TutoringCaseAdmin(ReadOnlyAdmin):
    list_display = ["reported_on", "teacher_name", "school", "source", "status", "outcome"]
    list_filter = ["status", "outcome"]
