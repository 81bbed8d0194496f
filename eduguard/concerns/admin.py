"""Concerns are written on their pages (roles and responses are checked there); the admin only
shows them."""

from django.contrib import admin

from eduguard.concerns.models import Concern
from eduguard.core.admin import ReadOnlyAdmin


@admin.register(Concern)
class ConcernAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "kind", "subject", "status", "deadline", "owner")
    list_filter = ("kind", "status")
