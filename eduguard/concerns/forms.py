"""Forms of the concerns pages: shape only; who may handle what, owners and deadlines are the
services' to judge."""

from django import forms
from django.utils.translation import gettext_lazy

from eduguard.concerns.choices import Channel, ConcernKind, ConcernStatus
from eduguard.core.forms import DATE
from eduguard.org.models import School

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ConcernForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=ConcernKind.choices)
    channel = forms.ChoiceField(label=gettext_lazy("来源渠道"), choices=Channel.choices)
    received_at = forms.DateTimeField(label=gettext_lazy("受理时间"), widget=DATETIME)
    subject = forms.CharField(label=gettext_lazy("事由"), max_length=100)
    description = forms.CharField(
        label=gettext_lazy("主要内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    schools = forms.ModelMultipleChoiceField(
        label=gettext_lazy("涉及学校"),
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("不勾选即为全县性事项（只由县级人员登记）"),
    )
    owner = forms.ModelChoiceField(
        label=gettext_lazy("责任人"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("留空由登记人负责"),
    )
    deadline = forms.DateField(
        label=gettext_lazy("办理期限"),
        widget=DATE,
        required=False,
        help_text=gettext_lazy("留空按类别默认期限（如信访15天；管理后台“规则取值”可调整）"),
    )

    def __init__(self, *args, schools=None, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = schools if schools is not None else School.objects.none()
        self.fields["owner"].queryset = owners


class RespondForm(forms.Form):
    response = forms.CharField(
        label=gettext_lazy("答复内容"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": gettext_lazy("请填写答复内容")},
    )


class CloseForm(forms.Form):
    response = forms.CharField(
        label=gettext_lazy("答复内容"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text=gettext_lazy("尚未答复的可在此一并填写；信访、12345工单须有答复方可办结"),
    )
    note = forms.CharField(label=gettext_lazy("办结说明"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "close_%s")  # the respond form on the same page has a `response` too
        super().__init__(*args, **kwargs)


class FilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("类别"),
        choices=[("", gettext_lazy("全部类别"))] + ConcernKind.choices,
        required=False,
        widget=forms.Select(attrs={"aria-label": gettext_lazy("类别")}),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        choices=[("", gettext_lazy("全部状态")), ("overdue", gettext_lazy("已逾期"))] + ConcernStatus.choices,
        required=False,
        widget=forms.Select(attrs={"aria-label": gettext_lazy("状态")}),
    )
