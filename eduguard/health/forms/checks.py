"""The class check page: one small form per student, named by the student's id. A row counts as
a finding when anything in it is filled in; the service checks values against the rules."""

from django import forms

from eduguard.health.choices import AbsenceKind, CheckAction
from eduguard.health.services.checks import Finding


class FindingForm(forms.Form):
    absent = forms.BooleanField(label="缺勤", required=False)
    absence_kind = forms.ChoiceField(
        label="缺勤原因", choices=AbsenceKind.choices, initial=AbsenceKind.UNKNOWN, required=False
    )
    temperature = forms.CharField(
        label="体温（°C）",
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "36.5", "size": "5"}),
    )
    symptoms = forms.MultipleChoiceField(label="症状", required=False, widget=forms.CheckboxSelectMultiple)
    symptom_note = forms.CharField(label="其他症状", max_length=100, required=False)
    seen_doctor = forms.BooleanField(label="已就诊", required=False)
    hospital = forms.CharField(label="就诊医院", max_length=100, required=False)
    diagnosis = forms.CharField(label="初步诊断", max_length=100, required=False)
    action = forms.ChoiceField(label="处理措施", choices=CheckAction.choices, required=False)

    def __init__(self, *args, person, symptoms: dict[str, str], **kwargs):
        super().__init__(*args, prefix=f"p{person.pk}", **kwargs)
        self.person = person
        self.fields["symptoms"].choices = list(symptoms.items())

    def finding(self) -> Finding:
        d = self.cleaned_data
        return Finding(
            person=self.person,
            present=not d["absent"],
            absence_kind=d["absence_kind"],
            temperature=d["temperature"].strip(),
            symptoms=d["symptoms"],
            symptom_note=d["symptom_note"],
            seen_doctor=d["seen_doctor"],
            hospital=d["hospital"],
            diagnosis=d["diagnosis"],
            action=d["action"],
        )
