"""Forms of the absence register and the return certificate. Shape only; the rules are in services."""

from django import forms

from eduguard.core.forms import DATE
from eduguard.health.choices import (
    AbsenceKind,
    ContactMethod,
    DiagnosisStage,
    HospitalLevel,
    Infectious,
    Outcome,
)
from eduguard.health.services.absences import MAX_HALF_DAYS


class AbsenceForm(forms.Form):
    kind = forms.ChoiceField(label="缺勤类型", choices=AbsenceKind.choices)
    days = forms.DecimalField(
        label="缺勤天数",
        min_value=0.5,
        max_value=MAX_HALF_DAYS / 2,
        decimal_places=1,
        initial=0.5,
        help_text="以0.5天为单位",
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    onset_on = forms.DateField(label="发病日期", required=False, widget=DATE)
    symptoms = forms.MultipleChoiceField(label="症状", required=False, widget=forms.CheckboxSelectMultiple)
    symptom_note = forms.CharField(label="其他症状", max_length=100, required=False)
    seen_doctor = forms.BooleanField(label="已就诊", required=False)
    hospital = forms.CharField(label="就诊医院", max_length=100, required=False)
    diagnosis = forms.CharField(label="诊断", max_length=100, required=False)
    diagnosis_stage = forms.ChoiceField(label="诊断类型", choices=DiagnosisStage.choices, required=False)
    infectious = forms.ChoiceField(label="是否传染病", choices=Infectious.choices, initial=Infectious.UNKNOWN)
    disease = forms.CharField(label="传染病名称", max_length=60, required=False)
    outcome = forms.ChoiceField(label="转归", choices=Outcome.choices, required=False)
    expected_return = forms.DateField(label="预计返校日期", required=False, widget=DATE)

    def __init__(self, *args, symptoms: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["symptoms"].choices = list(symptoms.items())

    def clean_days(self):
        days = self.cleaned_data["days"]
        if (days * 2) % 1:
            raise forms.ValidationError("缺勤天数以0.5天为单位")
        return days

    def details(self) -> dict:
        data = dict(self.cleaned_data)
        data["half_days"] = int(data.pop("days") * 2)
        data.pop("started_on", None)
        return data


class NewAbsenceForm(AbsenceForm):
    started_on = forms.DateField(label="缺勤日期", widget=DATE)

    field_order = ["started_on"]


class FollowUpForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE)
    method = forms.ChoiceField(label="方式", choices=ContactMethod.choices)
    status = forms.CharField(label="病情/情况", max_length=200)


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label="返校日期", widget=DATE)


class CertificateForm(forms.Form):
    hospital = forms.CharField(label="出具医院", max_length=100)
    hospital_level = forms.ChoiceField(label="医院等级", choices=HospitalLevel.choices)
    issued_on = forms.DateField(label="证明日期", widget=DATE)
    file = forms.FileField(label="证明扫描件（PDF/图片）", required=False)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="校医结论",
        choices=[("approve", "同意复课"), ("reject", "不同意复课")],
        widget=forms.RadioSelect,
    )
    return_on = forms.DateField(label="复课日期", required=False, widget=DATE)
    note = forms.CharField(label="校医意见", max_length=300, required=False)
