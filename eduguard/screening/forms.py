"""Forms for quarantine, observation, release and category decisions. They check the shape of
the input; the rules (roles, dates against the period, days from the category) are in services."""

from django import forms

from eduguard.core.forms import DATE, temperature_field
from eduguard.health.choices import Symptom
from eduguard.screening.models import QuarantineKind, RiskCategory
from eduguard.screening.services.quarantine import MAX_DAYS


class QuarantineForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=QuarantineKind.choices, initial=QuarantineKind.HOME)
    category = forms.ModelChoiceField(
        label="依据类别", queryset=RiskCategory.objects.none(), required=False, empty_label="（无）"
    )
    started_on = forms.DateField(label="开始日期（到达当天为第0天）", widget=DATE)
    planned_days = forms.IntegerField(
        label="计划天数",
        min_value=1,
        max_value=MAX_DAYS,
        required=False,
        help_text="留空按类别或规则（默认14天）",
    )
    reason = forms.CharField(label="原因", max_length=200, required=False)
    place = forms.CharField(label="隔离地点", max_length=100, required=False)

    def __init__(self, *args, county=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = RiskCategory.objects.filter(county=county)


class ObservationForm(forms.Form):
    day = forms.DateField(label="日期", widget=DATE)
    temperature = temperature_field(required=False)
    symptoms = forms.MultipleChoiceField(
        label="症状", choices=Symptom.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label="备注", max_length=200, required=False)


class ReleaseForm(forms.Form):
    released_on = forms.DateField(label="解除日期", widget=DATE)
    release_doc = forms.CharField(label="解除隔离文书编号", max_length=60, required=False)
    release_file = forms.FileField(label="文书扫描件（PDF/图片）", required=False)
    reason = forms.CharField(label="提前解除理由", max_length=200, required=False)


class DecisionForm(forms.Form):
    ACTIONS = [("confirm", "确认"), ("override", "改判"), ("remove", "移出"), ("add", "加入类别")]

    action = forms.ChoiceField(choices=ACTIONS)
    row = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    category = forms.ModelChoiceField(queryset=RiskCategory.objects.none(), required=False)
    reason = forms.CharField(label="理由", max_length=200, required=False)

    def __init__(self, *args, county=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = RiskCategory.objects.filter(county=county)


class AnswersUploadForm(forms.Form):
    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(label="排查表", help_text=".xlsx 或 .csv，第1行为表头（可下载模板）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("文件过大，上限为 5 MB，请按学校或班级分开导入")
        self.cleaned_data["data"] = upload.read()
        return upload
