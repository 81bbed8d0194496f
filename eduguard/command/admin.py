"""The departments of 联防联控 are county data a bureau keeps in the admin as well as on its pages."""

from django.contrib import admin

from eduguard.command.models import Department, Liaison


class LiaisonInline(admin.TabularInline):
    model = Liaison
    fields = ("name", "post", "phone_masked")
    readonly_fields = ("phone_masked",)  # phones are sealed: entered on the department's page
    extra = 0


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "county")
    list_filter = ("kind",)
    inlines = [LiaisonInline]
