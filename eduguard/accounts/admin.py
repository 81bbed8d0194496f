from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from eduguard.accounts.models import ResponsibilityAssignment, User


class AssignmentInline(admin.TabularInline):
    model = ResponsibilityAssignment
    extra = 0
    autocomplete_fields = ["person"]
    raw_id_fields = ["school_class", "grade"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("EduGuard", {"fields": ("full_name",)}))
    list_display = ["username", "full_name", "is_staff", "is_active"]
    search_fields = ["username", "full_name"]
    inlines = [AssignmentInline]
