from django.contrib import admin

from eduguard.audit.models import AccessLog, ChangeLog


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit rows are append-only: nobody edits or deletes them from the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChangeLog)
class ChangeLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "source", "action", "object_type", "object_repr"]
    list_filter = ["source", "action", "object_type"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "action", "object_type", "object_repr", "ip"]
    list_filter = ["action"]
