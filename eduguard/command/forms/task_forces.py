"""Forms of the task-force pages: shape only; roles, dates and phones are the services' to judge."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eduguard.command.choices import MemberRole
from eduguard.command.forms.common import UnitField, date_field


class TaskForceForm(forms.Form):
    unit = UnitField()
    name = forms.CharField(
        label=_("专班名称"), error_messages={"required": _("请填写专班名称")}, max_length=100
    )
    starts_on = date_field(_("成立日期"))
    duties = forms.CharField(label=_("职责"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitField(units=units)


class TaskForceEditForm(forms.Form):
    name = forms.CharField(
        label=_("专班名称"), error_messages={"required": _("请填写专班名称")}, max_length=100
    )
    starts_on = date_field(_("成立日期"))
    ends_on = date_field(_("撤销日期"), required=False)
    duties = forms.CharField(label=_("职责"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MemberForm(forms.Form):
    name = forms.CharField(label=_("姓名"), error_messages={"required": _("请填写姓名")}, max_length=30)
    post = forms.CharField(label=_("职务"), max_length=60, required=False)
    role = forms.ChoiceField(label=_("专班职务"), choices=MemberRole.choices)
    phone = forms.CharField(
        label=_("联系电话"), max_length=30, required=False, help_text=_("组长和联络员必填；列表中只显示掩码")
    )
    starts_on = date_field(_("起"), required=False)
    ends_on = date_field(_("止"), required=False)
