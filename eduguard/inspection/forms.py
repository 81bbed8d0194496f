"""Forms of the supervision pages. They check the shape of the input; the rules (who, dates,
deadlines, evidence, what blocks an approval) are in the services, which say why."""

from django import forms

from eduguard.core.forms import DATE
from eduguard.inspection.models import (
    Batch,
    CaseOutcome,
    CaseSource,
    ChecklistTemplate,
    Dining,
    InspectionKind,
    MedicalRole,
    Outcome,
    Team,
)
from eduguard.org.models import School


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


TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PlanForm(forms.Form):
    """One version of a school's 一校一策; its grades' return slots come in SlotFormSet."""

    batch = forms.ModelChoiceField(label="开学批次", queryset=Batch.objects.none())
    gates = forms.CharField(
        label="校门", max_length=300, help_text="多个校门用顿号或逗号分开，如：东门、北门"
    )
    dining = forms.ChoiceField(label="就餐安排", choices=[("", "——")] + Dining.choices)
    dining_note = forms.CharField(label="就餐说明", max_length=200, required=False)
    contacts = forms.CharField(label="应急联系（定点医院、疾控、派出所）", max_length=300, required=False)
    note = forms.CharField(label="其他说明", max_length=300, required=False)
    file = forms.FileField(
        label="方案文件（可选）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx,image/*"}),
    )

    def __init__(self, *args, batches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches


class SlotForm(forms.Form):
    grade = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(label="返校日期", widget=DATE)
    start = forms.TimeField(label="到校开始", widget=TIME)
    end = forms.TimeField(label="到校截止", widget=TIME)
    gate = forms.CharField(label="校门", max_length=30)
    note = forms.CharField(label="说明", max_length=100, required=False)


SlotFormSet = forms.formset_factory(SlotForm, extra=0, min_num=1, max_num=30, validate_max=True)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label="审定", choices=[("approve", "审定通过"), ("return", "退回修改")])
    note = forms.CharField(label="意见", max_length=200, required=False)


class PostingForm(forms.Form):
    hospital = forms.CharField(label="派出单位", max_length=60)
    name = forms.CharField(label="姓名", max_length=30)
    role = forms.ChoiceField(label="岗位", choices=MedicalRole.choices)
    starts_on = forms.DateField(label="驻校开始", widget=DATE)
    ends_on = forms.DateField(label="驻校结束", widget=DATE, required=False, help_text="不填按两周计")
    note = forms.CharField(label="说明", max_length=200, required=False)


class CaseForm(forms.Form):
    school = forms.ModelChoiceField(label="学校", queryset=School.objects.none())
    teacher_name = forms.CharField(label="被反映教师", max_length=30)
    source = forms.ChoiceField(label="线索来源", choices=CaseSource.choices)
    reported_on = forms.DateField(label="受理日期", widget=DATE)
    summary = forms.CharField(label="反映问题", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class InvestigateForm(forms.Form):
    investigators = forms.CharField(label="调查人员", max_length=100)
    note = forms.CharField(label="调查情况", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label="处理结果", choices=[("", "——")] + CaseOutcome.choices)
    concluded_on = forms.DateField(label="办结日期", widget=DATE)
    note = forms.CharField(label="处理依据和结果", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
