"""Forms of the document pages: shape only; roles, recipients and files are the services' to judge."""

from django import forms

from eduguard.core.forms import DATE
from eduguard.org.models import School
from eduguard.outreach.models import Direction


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the list may be empty."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class DocumentForm(forms.Form):
    direction = forms.ChoiceField(label="类别", choices=Direction.choices, widget=forms.RadioSelect)
    number = forms.CharField(label="文号", max_length=60, required=False, help_text="如 本县教发〔2020〕5号")
    title = forms.CharField(label="标题", max_length=200)
    date = forms.DateField(label="发文日期", widget=DATE)
    origin = forms.CharField(
        label="来文单位", max_length=100, required=False, help_text="转发的文件填写原发文单位"
    )
    summary = forms.CharField(label="主要内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    needs_receipt = forms.BooleanField(label="需要学校签收", required=False, initial=True)
    all_schools = forms.BooleanField(label="发给全县所有学校", required=False, initial=True)
    schools = forms.ModelMultipleChoiceField(
        label="接收学校",
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不是发给全县时，勾选接收的学校",
    )
    files = MultipleFileField(label="附件", help_text="PDF、Word 或图片，可选多个")

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = schools if schools is not None else School.objects.none()

    def chosen_schools(self):
        data = self.cleaned_data
        return list(self.fields["schools"].queryset) if data["all_schools"] else list(data["schools"])


class RemindForm(forms.Form):
    confirm = forms.BooleanField(widget=forms.HiddenInput, error_messages={"required": "请确认发送提醒"})


class ReceiptForm(forms.Form):
    school = forms.ModelChoiceField(label="签收学校", queryset=School.objects.all())
