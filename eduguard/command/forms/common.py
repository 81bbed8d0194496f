"""Pieces shared by the command forms: the unit picker (the county or one school the user manages)."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from eduguard.org.models import County


def unit_key(unit) -> str:
    return f"{'county' if isinstance(unit, County) else 'school'}:{unit.pk}"


class UnitField(forms.ChoiceField):
    """Choose among `units` (County or School rows); cleans to the unit itself."""

    def __init__(self, *args, units=(), **kwargs):
        self.units = {unit_key(u): u for u in units}
        choices = [(k, u.bureau_name if isinstance(u, County) else u.name) for k, u in self.units.items()]
        kwargs.setdefault("label", _("所属单位"))
        kwargs.setdefault("error_messages", {"invalid_choice": _("只能选择您负责的单位")})
        super().__init__(*args, choices=choices, **kwargs)

    def clean(self, value):
        return self.units[super().clean(value)]


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(widget=forms.HiddenInput, error_messages={"required": _("请确认发送提醒")})


def date_field(label, **kwargs) -> forms.DateField:
    from eduguard.core.forms import DATE

    required = format_lazy(_("请填写{label}"), label=label)
    messages = {"invalid": _("日期格式应为 YYYY-MM-DD"), "required": required}
    return forms.DateField(label=label, widget=DATE, error_messages=messages, **kwargs)
