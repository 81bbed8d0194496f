"""Forms of the meeting pages: shape only; the owner's place in the chain, the deadline against the
meeting date and the minutes file are the services' to judge (and said in their words)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from eduguard.command.choices import ActionStatus
from eduguard.command.forms.common import UnitField, date_field


class MeetingForm(forms.Form):
    unit = UnitField()
    date = date_field(_("会议日期"))
    topic = forms.CharField(label=_("议题"), error_messages={"required": _("请填写议题")}, max_length=200)
    chair = forms.CharField(label=_("主持人"), error_messages={"required": _("请填写主持人")}, max_length=30)
    attendees = forms.CharField(label=_("参会人员"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(label=_("会议内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.FileField(
        label=_("会议纪要"), required=False, help_text=_("PDF、Word 或图片，不超过 10 MB")
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitField(units=units)


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.full_name or user.username


class ActionForm(forms.Form):
    text = forms.CharField(
        label=_("议定事项"), max_length=300, error_messages={"required": _("请填写议定事项")}
    )
    owner = OwnerField(
        label=_("责任人"),
        queryset=get_user_model().objects.none(),
        error_messages={
            "required": _("请指定责任人"),
            "invalid_choice": _("责任人须在会议所属单位的包联责任体系内"),
        },
    )
    deadline = date_field(_("办结期限"))

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"].queryset = owners


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("结果"),
        choices=[(ActionStatus.DONE, _("已办结")), (ActionStatus.CANCELLED, _("取消"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择办结或取消")},
    )
    note = forms.CharField(
        label=_("办结情况 / 取消原因"),
        max_length=300,
        error_messages={"required": _("请填写办结情况或取消原因")},
        widget=forms.TextInput,
    )
