"""Forms of the supervision pages. They check the shape of the input; the rules (who, dates,
deadlines, evidence, what blocks an approval) are in the services, which say why."""

from django import forms

from eduguard.core.forms import DATE
from eduguard.inspection.models import Batch, ChecklistTemplate, InspectionKind, Outcome, Team


class StartForm(forms.Form):
    template = forms.ModelChoiceField(label="检查清单", queryset=ChecklistTemplate.objects.none())
    kind = forms.ChoiceField(label="类别", choices=InspectionKind.choices)
    team = forms.ModelChoiceField(
        label="督导组", queryset=Team.objects.none(), required=False, empty_label="（学校自查不选）"
    )
    date = forms.DateField(label="检查日期", widget=DATE)

    def __init__(self, *args, templates=None, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["team"].queryset = teams


class ResultForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="结果", choices=Outcome.choices, widget=forms.RadioSelect)
    deadline = forms.DateField(label="整改期限", required=False, widget=DATE)
    note = forms.CharField(label="情况说明", max_length=300, required=False)
    photo = forms.FileField(
        label="照片", required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*,.pdf"})
    )


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True)
    note = forms.CharField(label="总体意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    evidence = forms.FileField(
        label="整改佐证", required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*,.pdf"})
    )
    note = forms.CharField(label="整改情况", max_length=300, required=False)
    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True)


class ApproveForm(forms.Form):
    batch = forms.ModelChoiceField(label="批次", queryset=Batch.objects.none())

    def __init__(self, *args, batches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches


class OpenForm(forms.Form):
    day = forms.DateField(label="开学日期", widget=DATE)


class VisitForm(forms.Form):
    date = forms.DateField(label="日期", widget=DATE)
    inspectors = forms.CharField(label="检查人员", max_length=100)
    people = forms.IntegerField(label="人数", error_messages={"invalid": "请填写整数"})
    notices = forms.IntegerField(label="张贴通知（份）", initial=0, error_messages={"invalid": "请填写整数"})
    found_operating = forms.BooleanField(label="发现违规办学", required=False)
    note = forms.CharField(label="情况", max_length=200, required=False)


class ClosureForm(forms.Form):
    ordered_on = forms.DateField(label="停办日期", widget=DATE)
    reason = forms.CharField(label="依据", max_length=120)


class LiftForm(forms.Form):
    lifted_on = forms.DateField(label="准予复课日期", widget=DATE)
