"""The report form of the phone page, the logged-in page and the head teacher's entry on behalf."""

from django import forms

from eduguard.core.forms import temperature_field
from eduguard.health.choices import HealthCode, Symptom

YES_NO = [("0", "否"), ("1", "是")]


class YesNoField(forms.TypedChoiceField):
    def __init__(self, label, **kwargs):
        super().__init__(
            label=label,
            choices=YES_NO,
            coerce=lambda v: v == "1",
            widget=forms.RadioSelect,
            initial="0",
            **kwargs,
        )


class DailyReportForm(forms.Form):
    """Answers only; the person and day come from the page. Range checks happen in the service,
    against the rules in force, so page, API and import share one rule."""

    temperature = temperature_field()
    symptoms = forms.MultipleChoiceField(
        label="今日症状（无则不选）",
        choices=[c for c in Symptom.choices],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    symptom_note = forms.CharField(label="其他症状说明", max_length=100, required=False)
    family_symptoms = YesNoField("共同生活的家庭成员有无发热或症状")
    in_county = forms.TypedChoiceField(
        label="当前所在地",
        choices=[("1", "在本县"), ("0", "不在本县")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    current_location = forms.CharField(label="不在本县时的所在地", max_length=100, required=False)
    left_county = YesNoField("起算日后是否离开过本县")
    contact_three_categories = YesNoField("是否接触过“三类人员”")
    contact_outsiders = YesNoField("是否接触过县外来人")
    health_code = forms.ChoiceField(
        label="健康码颜色", choices=HealthCode.choices, initial=HealthCode.GREEN, widget=forms.RadioSelect
    )

    def clean(self):
        data = super().clean()
        if data.get("in_county") is False and not (data.get("current_location") or "").strip():
            self.add_error("current_location", "不在本县时请填写所在地")
        return data


class VerifyForm(forms.Form):
    """Pick the child and give the last 4 digits of the guardian phone on record."""

    person = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    phone_last4 = forms.RegexField(
        label="监护人手机号后4位",
        regex=r"^\d{4}$",
        error_messages={"invalid": "请输入4位数字"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "4"}),
    )
