"""The administrator's pages for the volunteers: volunteers, teams, shifts and activities are
written through the volunteer pages (where scope, roles, overlaps and counts are checked and the
change is logged) and are only shown here. Phones appear masked."""

from django.contrib import admin

from eduguard.core.admin import ReadOnlyAdmin
from eduguard.outreach.models import Shift, ShiftAssignment, Volunteer, VolunteerActivity, VolunteerTeam


@admin.register(Volunteer)
class VolunteerAdmin(ReadOnlyAdmin):
    list_display = ["display_name", "school", "township", "masked_phone", "active", "joined_on"]
    list_filter = ["active", "township"]
    list_select_related = ["school", "person"]
    exclude = ["phone_enc", "phone_hash"]
    search_fields = ["name", "person__name"]


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(ReadOnlyAdmin):
    list_display = ["name", "school", "township", "leader"]
    list_select_related = ["school", "leader__person"]


class AssignmentInline(admin.TabularInline):
    model = ShiftAssignment
    fields = ["volunteer", "status", "marked_by", "marked_at"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Shift)
class ShiftAdmin(ReadOnlyAdmin):
    list_display = ["starts_at", "ends_at", "post", "township", "place", "team"]
    list_filter = ["post", "township"]
    list_select_related = ["team"]
    inlines = [AssignmentInline]


@admin.register(VolunteerActivity)
class VolunteerActivityAdmin(ReadOnlyAdmin):
    list_display = ["date", "kind", "township", "banners", "leaflets", "persuaded", "entered_person_times"]
    list_filter = ["kind", "township"]
