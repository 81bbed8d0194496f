from django.contrib import admin

from eduguard.briefing.models import BriefingSection, BriefingTemplate


class SectionInline(admin.StackedInline):
    model = BriefingSection
    extra = 0


@admin.register(BriefingTemplate)
class BriefingTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "county", "active")
    list_filter = ("active",)
    inlines = [SectionInline]
