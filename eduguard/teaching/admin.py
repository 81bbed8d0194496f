"""The administrator's pages: periods are configuration (normally set on the overview page);
participation rows and events are written through the teaching pages, where counts, scope and
roles are checked and changes logged, and are only shown here."""

from django.contrib import admin

from eduguard.core.admin import ReadOnlyAdmin
from eduguard.teaching.models import HealthEducationEvent, Speaker, TeachingParticipation, TeachingPeriod


@admin.register(TeachingPeriod)
class TeachingPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "county", "start", "end"]
    list_filter = ["county"]


@admin.register(TeachingParticipation)
class TeachingParticipationAdmin(ReadOnlyAdmin):
    list_display = [
        "period",
        "school",
        "grade",
        "students_enrolled",
        "students_taking_part",
        "teachers_enrolled",
        "teachers_taking_part",
        "source",
        "entered_at",
    ]
    list_filter = ["period", "source"]
    list_select_related = ["period", "school", "grade"]


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(HealthEducationEvent)
class HealthEducationEventAdmin(ReadOnlyAdmin):
    list_display = ["date", "title", "kind", "county_wide"]
    list_filter = ["kind"]
    inlines = [SpeakerInline]
