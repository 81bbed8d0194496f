from django import forms
from django.contrib import admin

from eduguard.core.models import RuleValue
from eduguard.core.rules import RULES


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only through services (so every change is audited), or append-only
    history: the admin lists and shows them, nobody adds, edits or deletes them there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RuleValueForm(forms.ModelForm):
    name = forms.ChoiceField(label="规则", choices=[(k, f"{k} · {r.label}") for k, r in RULES.items()])

    class Meta:
        model = RuleValue
        fields = ["name", "value", "effective_from", "source_ref", "note"]


@admin.register(RuleValue)
class RuleValueAdmin(admin.ModelAdmin):
    form = RuleValueForm
    list_display = ["name", "label", "value", "default", "effective_from", "source_ref"]
    list_filter = ["name"]

    @admin.display(description="说明")
    def label(self, obj):
        return RULES[obj.name].label if obj.name in RULES else "?"

    @admin.display(description="默认值")
    def default(self, obj):
        return RULES[obj.name].default if obj.name in RULES else "?"
