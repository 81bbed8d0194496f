"""The administrator's pages for the county's risk categories and campaigns. A category's rule
is checked against the county's other rules (shape, known answers, no loop) before it is saved."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from eduguard.core.admin import ReadOnlyAdmin
from eduguard.screening.models import Campaign, PersonCategory, Quarantine, RiskCategory
from eduguard.screening.services.campaigns import validate_category_rule


class RiskCategoryForm(forms.ModelForm):
    class Meta:
        model = RiskCategory
        fields = [
            "county",
            "code",
            "name",
            "definition",
            "risk_level",
            "management",
            "quarantine_days",
            "rule",
            "order",
        ]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        candidate = RiskCategory(
            pk=self.instance.pk, county=data["county"], code=data["code"], rule=data.get("rule") or {}
        )
        try:
            validate_category_rule(candidate)
        except ValidationError as exc:
            self.add_error("rule", exc.messages)
        return data


@admin.register(RiskCategory)
class RiskCategoryAdmin(admin.ModelAdmin):
    form = RiskCategoryForm
    list_display = ["name", "code", "county", "risk_level", "quarantine_days", "rule", "order"]
    list_filter = ["county", "risk_level"]


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["county", "name", "cut_off", "opened_on", "deadline", "includes_staff", "includes_students"]

    def clean(self):
        data = super().clean()
        opened, deadline, cut_off = data.get("opened_on"), data.get("deadline"), data.get("cut_off")
        if opened and deadline and deadline < opened:
            self.add_error("deadline", "截止日期不能早于开始日期")
        if opened and cut_off and cut_off > opened:
            self.add_error("cut_off", "起算日期不能晚于开始日期")
        return data


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    form = CampaignForm
    list_display = ["name", "county", "cut_off", "opened_on", "deadline"]


@admin.register(PersonCategory)
class PersonCategoryAdmin(ReadOnlyAdmin):
    """The history is written by the rules and by decisions on the person's page."""

    list_display = ["person", "category", "status", "valid_from", "valid_to", "decided_by"]
    list_filter = ["category", "status"]


@admin.register(Quarantine)
class QuarantineAdmin(ReadOnlyAdmin):
    """Opened, observed and released on the quarantine pages, where roles and dates are checked."""

    list_display = ["person", "kind", "started_on", "planned_days", "released_on", "released_by"]
    list_filter = ["kind"]
