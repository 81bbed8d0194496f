from django.contrib import admin

from eduguard.audit.models import AccessLog, ChangeLog
from eduguard.core.admin import ReadOnlyAdmin


@admin.register(ChangeLog)
class ChangeLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "source", "action", "object_type", "object_repr"]
    list_filter = ["source", "action", "object_type"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "action", "object_type", "object_repr", "ip"]
    list_filter = ["action"]
