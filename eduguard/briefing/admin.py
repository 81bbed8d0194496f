from django.contrib import admin

from eduguard.briefing.models import BriefingSection, BriefingTemplate, FiledBriefing


class SectionInline(admin.StackedInline):
    model = BriefingSection
    extra = 0


@admin.register(BriefingTemplate)
class BriefingTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "county", "active")
    list_filter = ("active",)
    inlines = [SectionInline]


@admin.register(FiledBriefing)
class FiledBriefingAdmin(admin.ModelAdmin):
    """Read only: a filed briefing is what went up; file it again from the briefing page."""

    list_display = ("date", "county", "status", "generated_at", "requested_by")
    list_filter = ("status", "county")
    exclude = ("markdown",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
