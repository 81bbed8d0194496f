"""Forms for documents, places and hygiene logs. They check the shape of the input; the rules
(roles, the norms, dates, the two signatures, file types) are in the services, which say why."""

from django import forms

from eduguard.campus.models import DisinfectionMethod, Place, PlaceKind, RequiredDocument

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MINUTES = forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "30"})
# Numbers are taken as typed and judged by the service (a clear message for 0 or -5 minutes).
WHOLE = {"invalid": "请填写整数"}


class UploadForm(forms.Form):
    required = forms.ModelChoiceField(queryset=RequiredDocument.objects.none(), widget=forms.HiddenInput)
    file = forms.FileField(
        label="文件",
        required=False,
        help_text="PDF、Word 或图片（.jpg/.png），不超过 10 MB",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx,.jpg,.jpeg,.png"}),
    )
    title = forms.CharField(label="标题", max_length=100, required=False, help_text="留空用文件名称")
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, day=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required"].queryset = RequiredDocument.objects.in_force(day)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "审定通过"), ("return", "退回")])
    note = forms.CharField(label="意见", max_length=200, required=False)


class PlaceForm(forms.Form):
    name = forms.CharField(label="名称", max_length=60, required=False)
    kind = forms.ChoiceField(label="类型", choices=PlaceKind.choices, initial=PlaceKind.CLASSROOM)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "place-%s")  # its own ids: the log forms share the page
        super().__init__(*args, **kwargs)


class _LogForm(forms.Form):
    prefix_id = ""  # the forms' own ids: both log forms share a page, each label keeps its input

    place = forms.ModelChoiceField(
        label="处所",
        queryset=Place.objects.none(),
        empty_label="（请选择）",
        error_messages={"required": "请选择处所", "invalid_choice": "此处所已停用或不在本校"},
    )
    date = forms.DateField(label="日期", widget=DATE)

    def __init__(self, *args, places=None, **kwargs):
        kwargs.setdefault("auto_id", f"{self.prefix_id}-%s")
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places if places is not None else Place.objects.none()


class DisinfectionForm(_LogForm):
    prefix_id = "disinfection"
    time = forms.TimeField(label="时间", widget=TIME)
    method = forms.ChoiceField(label="方法", choices=DisinfectionMethod.choices)
    agent = forms.CharField(label="消毒剂/设备", max_length=60, required=False, help_text="如 84消毒液")
    concentration_mg_l = forms.IntegerField(
        label="有效氯浓度（mg/L）",
        required=False,
        error_messages=WHOLE,
        help_text="含氯消毒剂必填",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "500"}),
    )
    duration_min = forms.IntegerField(
        label="作用/照射时间（分钟）", required=False, error_messages=WHOLE, widget=MINUTES
    )
    operator = forms.CharField(label="操作人", max_length=30, required=False)
    checker = forms.CharField(label="检查人", max_length=30, required=False)


class VentilationForm(_LogForm):
    prefix_id = "ventilation"
    start = forms.TimeField(label="开始时间", widget=TIME)
    duration_min = forms.IntegerField(
        label="时长（分钟）", required=False, error_messages=WHOLE, widget=MINUTES
    )
    operator = forms.CharField(label="操作人", max_length=30, required=False)
    checker = forms.CharField(label="检查人", max_length=30, required=False)
