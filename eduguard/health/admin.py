from django.contrib import admin

from eduguard.health.models import ChatGroup


@admin.register(ChatGroup)
class ChatGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "school", "owner", "created_on")
    list_filter = ("kind",)
    search_fields = ("name", "school__name")
    raw_id_fields = ("school", "grade", "school_class")
