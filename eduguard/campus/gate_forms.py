"""Forms of the gate pages (visitors, their approval and check, leave passes). They check the
shape of the input; the rules (approvals, thresholds, ID check characters, times) are in the
services, which say why."""

from django import forms

from eduguard.core.forms import DATE, temperature_field
from eduguard.health.choices import HealthCode
from eduguard.org.choices import IdType
from eduguard.response.choices import ReadingMethod

VISITOR_ID_TYPES = [(v, label) for v, label in IdType.choices if v != IdType.NONE]


class VisitForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    id_type = forms.ChoiceField(label="证件类型", choices=VISITOR_ID_TYPES, initial=IdType.RESIDENT)
    id_number = forms.CharField(label="证件号码", max_length=40)
    phone = forms.CharField(label="手机号", max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"}))
    organisation = forms.CharField(label="单位", max_length=60, required=False)
    purpose = forms.CharField(label="事由", max_length=100)
    host = forms.ModelChoiceField(label="接待人", queryset=None, required=False, empty_label="（请选择）")
    date = forms.DateField(label="来访日期", widget=DATE)
    refused_reason = forms.CharField(
        label="当场拒绝原因",
        max_length=200,
        required=False,
        help_text="校外无关人员在校门当场拒绝时填写（无须接待人），登记即为拒绝入校",
    )

    def __init__(self, *args, hosts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts
        self.fields["host"].label_from_instance = lambda u: u.full_name or u.get_username()


class ApproveForm(forms.Form):
    decision = forms.ChoiceField(label="审批", choices=[("approve", "同意"), ("decline", "不同意")])
    note = forms.CharField(label="意见", max_length=200, required=False)


class AdmitForm(forms.Form):
    temperature = temperature_field(required=False)
    method = forms.ChoiceField(
        label="测温方式", choices=ReadingMethod.choices, initial=ReadingMethod.FOREHEAD
    )
    code_colour = forms.ChoiceField(
        label="健康码", choices=[("", "（请查验）")] + HealthCode.choices, required=False
    )
    id_checked = forms.BooleanField(label="已核验证件", required=False)


class ConfirmForm(forms.Form):
    """A button's form: the hidden confirm field tells a real press from an empty request."""

    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True)


class SeeOutForm(ConfirmForm):
    left_at = forms.TimeField(
        label="离校时间",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="留空为现在",
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(label="拒绝原因", max_length=200)


class LeavePassForm(forms.Form):
    person = forms.ModelChoiceField(label="学生（住校）", queryset=None)
    reason = forms.CharField(label="事由", max_length=100)
    destination = forms.CharField(label="去向", max_length=60, required=False)
    leaves_on = forms.DateField(label="离校日期", widget=DATE)
    expected_back = forms.DateTimeField(
        label="应返校时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, boarders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = boarders
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.school_class.name if p.school_class_id else ''} {p.name}"
        )
