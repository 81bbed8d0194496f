"""Forms of the joint-prevention pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eduguard.command.choices import DepartmentKind, JointActionKind
from eduguard.command.forms.common import date_field
from eduguard.command.models import Department
from eduguard.org.models import School


class DepartmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=DepartmentKind.choices)
    name = forms.CharField(
        label=_("部门名称"), error_messages={"required": _("请填写部门名称")}, max_length=60
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class LiaisonForm(forms.Form):
    name = forms.CharField(label=_("姓名"), error_messages={"required": _("请填写姓名")}, max_length=30)
    post = forms.CharField(label=_("职务"), max_length=60, required=False)
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        error_messages={"required": _("请填写联系电话")},
        help_text=_("列表中只显示掩码"),
    )


class JointActionForm(forms.Form):
    date = date_field(_("日期"))
    kind = forms.ChoiceField(label=_("类别"), choices=JointActionKind.choices)
    title = forms.CharField(label=_("名称"), error_messages={"required": _("请填写名称")}, max_length=200)
    departments = forms.ModelMultipleChoiceField(
        label=_("参与部门"),
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择参与部门")},
    )
    schools = forms.ModelMultipleChoiceField(
        label=_("涉及学校"),
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    people_reached = forms.IntegerField(
        label=_("覆盖人数"), min_value=0, initial=0, error_messages={"min_value": _("覆盖人数不能为负数")}
    )

    def __init__(self, *args, county=None, **kwargs):
        super().__init__(*args, **kwargs)
        if county is not None:
            self.fields["departments"].queryset = Department.objects.filter(county=county)
            self.fields["schools"].queryset = School.objects.filter(county=county).order_by("code")
