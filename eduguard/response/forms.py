"""Forms of the fever events and incidents. Shape only; the rules are in services."""

from django import forms
from django.utils.translation import gettext_lazy

from eduguard.core.forms import DATE, temperature_field
from eduguard.core.uploads import DOCUMENT_TYPES
from eduguard.response.choices import (
    DrillScenario,
    FeverSource,
    ReadingMethod,
    Recipient,
    ReportKind,
    Transport,
)

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class DetectForm(forms.Form):
    source = forms.ChoiceField(
        label="发现途径", choices=[c for c in FeverSource.choices if c[0] != FeverSource.DAILY_REPORT]
    )
    temperature = temperature_field("初测体温（°C）")
    symptoms = forms.MultipleChoiceField(label="症状", required=False, widget=forms.CheckboxSelectMultiple)
    place = forms.CharField(label="发现地点", max_length=60, required=False)

    def __init__(self, *args, symptoms: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["symptoms"].choices = list(symptoms.items())


class IsolateForm(forms.Form):
    room = forms.ModelChoiceField(label="临时隔离室", queryset=None, empty_label="请选择")

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms


class RetestForm(forms.Form):
    temperature = temperature_field("复测体温（°C）")
    method = forms.ChoiceField(
        label="测量方式", choices=ReadingMethod.choices, initial=ReadingMethod.AXILLARY
    )
    travel_history = forms.CharField(label="旅居史", max_length=200, required=False)
    contact_history = forms.CharField(label="接触史", max_length=200, required=False)
    exposure_history = forms.CharField(label="暴露史", max_length=200, required=False)


class ConfirmForm(forms.Form):
    """A step with nothing to type: the box says the person has checked (back in class, returned)."""

    confirm = forms.BooleanField(label="已核实")
    note = forms.CharField(label="说明", max_length=200, required=False)


class ReferForm(forms.Form):
    referred_to = forms.CharField(label="转诊发热门诊/医院", max_length=100)
    transport = forms.ChoiceField(label="转运方式", choices=Transport.choices)
    escort = forms.CharField(label="护送人", max_length=30, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)


class OutcomeForm(forms.Form):
    """The clinic's conclusion: excluded (with an ordinary diagnosis) or confirmed/suspected."""

    outcome = forms.ChoiceField(
        label="诊断结论", choices=[("exclude", "排除新冠等传染病"), ("confirm", "确诊或疑似传染病")]
    )
    diagnosis = forms.CharField(label="医院诊断", max_length=100)
    infectious = forms.BooleanField(label="其他传染病（如流感、水痘）", required=False)
    disease = forms.CharField(label="病名", max_length=60, required=False)


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label="报告类型", choices=ReportKind.choices)
    recipient = forms.ChoiceField(label="报告对象", choices=Recipient.choices)
    reported_at = forms.DateTimeField(label="报告时间", widget=DATETIME)
    receiver = forms.CharField(label="接报人及单位", max_length=60)
    phone = forms.CharField(label="接报电话", max_length=30)
    content = forms.CharField(label="报告内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    summary = forms.CharField(label="结案说明", widget=forms.Textarea(attrs={"rows": 3}))


class DrillForm(forms.Form):
    """The shape of a drill; the service judges the values (dates, numbers, the file) and says why."""

    scenario = forms.ChoiceField(
        label=gettext_lazy("演练科目"),
        choices=[("", gettext_lazy("（请选择）")), *DrillScenario.choices],
        error_messages={
            "required": gettext_lazy("请选择演练科目"),
            "invalid_choice": gettext_lazy("请选择演练科目"),
        },
    )
    held_on = forms.DateField(
        label=gettext_lazy("演练日期"),
        widget=DATE,
        error_messages={
            "required": gettext_lazy("请填写演练日期"),
            "invalid": gettext_lazy("请填写正确的日期，如 2020-03-15"),
        },
    )
    participants = forms.IntegerField(
        label=gettext_lazy("参加人数"),
        error_messages={
            "required": gettext_lazy("请填写参加人数（整数）"),
            "invalid": gettext_lazy("请填写参加人数（整数）"),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "120"}),
    )
    problems = forms.CharField(
        label=gettext_lazy("发现的问题"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    improvements = forms.CharField(
        label=gettext_lazy("整改措施"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file = forms.FileField(
        label=gettext_lazy("照片或记录"),
        required=False,
        help_text=gettext_lazy("可选：照片（.jpg/.png）或 PDF，不超过 10 MB"),
        widget=forms.FileInput(attrs={"accept": ",".join(DOCUMENT_TYPES)}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "drill-%s")
        super().__init__(*args, **kwargs)
