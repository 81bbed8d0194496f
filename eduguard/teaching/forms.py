"""Forms of the teaching pages: shape only. The counts' rules are check_counts (services), which
ParticipationForm applies to a hand-entered grade and to every imported row alike."""

from django import forms
from django.utils.translation import gettext, gettext_lazy

from eduguard.core.forms import DATE
from eduguard.core.rules import get_rule
from eduguard.org.models import School
from eduguard.teaching.choices import EventKind
from eduguard.teaching.models import TeachingPeriod
from eduguard.teaching.services.participation import FIELDS, RowIn, check_counts

COUNT_ERRORS = {"invalid": gettext_lazy("请填写整数"), "required": gettext_lazy("不能为空")}
LEVEL_NAMES = {
    1: gettext_lazy("一年级"),
    2: gettext_lazy("二年级"),
    3: gettext_lazy("三年级"),
    4: gettext_lazy("四年级"),
    5: gettext_lazy("五年级"),
    6: gettext_lazy("六年级"),
    7: gettext_lazy("七年级"),
    8: gettext_lazy("八年级"),
    9: gettext_lazy("九年级"),
    10: gettext_lazy("高一"),
    11: gettext_lazy("高二"),
    12: gettext_lazy("高三"),
}


def _count(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        error_messages=COUNT_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 6}),
    )


class ParticipationForm(forms.Form):
    """One grade's four counts. `optional`: a grade whose two 参与 boxes are both empty is skipped
    (not reported yet) instead of refused; otherwise every box is required."""

    students_enrolled = _count(gettext_lazy("在籍学生数"))
    students_taking_part = _count(gettext_lazy("参与学生数"))
    teachers_enrolled = _count(gettext_lazy("教师数"))
    teachers_taking_part = _count(gettext_lazy("参与教师数"))

    def __init__(self, *args, grade=None, optional=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.grade, self.optional = grade, optional
        if grade is not None:
            for field in self.fields.values():
                field.widget.attrs["aria-label"] = f"{grade.name} {field.label}"

    @property
    def skipped(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return (
            self.optional
            and data.get("students_taking_part") is None
            and data.get("teachers_taking_part") is None
            and not self.has_error("students_taking_part")
            and not self.has_error("teachers_taking_part")
        )

    def clean(self):
        data = super().clean()
        if self.skipped:
            return data
        missing = [n for n in FIELDS if data.get(n) is None and not self.has_error(n)]
        for name in missing:
            self.add_error(name, gettext("不能为空"))
        if not missing and not any(self.has_error(n) for n in FIELDS):
            for name, messages in check_counts({n: data[n] for n in FIELDS}).items():
                self.add_error(name, messages)
        return data


class EntryForm:
    """The school page's table: the period, and a ParticipationForm per grade (prefix g<grade id>)."""

    def __init__(self, data=None, *, periods, period, lines):
        self.head = PeriodChoiceForm(data, periods=periods, initial={"period": period})
        self.lines = [
            (
                line,
                ParticipationForm(
                    data, prefix=f"g{line.grade.pk}", initial=line.initial, grade=line.grade, optional=True
                ),
            )
            for line in lines
        ]
        self.problems: list[str] = []

    def is_valid(self) -> bool:
        ok = self.head.is_valid()
        ok = all([form.is_valid() for _, form in self.lines]) and ok
        if ok and not self.rows():
            self.problems.append(gettext("请至少填写一个年级的参与人数"))
            return False
        return ok

    @property
    def period(self):
        return self.head.cleaned_data["period"]

    def rows(self) -> list[RowIn]:
        return [
            RowIn(line.grade, **{n: form.cleaned_data[n] for n in FIELDS})
            for line, form in self.lines
            if not form.skipped
        ]

    def non_field_errors(self) -> list[str]:
        return [*self.head.non_field_errors(), *self.head.errors.get("period", []), *self.problems]

    def add_problems(self, messages) -> None:
        self.problems += list(messages)


class PeriodChoiceForm(forms.Form):
    period = forms.ModelChoiceField(
        label=gettext_lazy("统计时段"),
        queryset=TeachingPeriod.objects.none(),
        error_messages={
            "required": gettext_lazy("请选择统计时段"),
            "invalid_choice": gettext_lazy("请选择统计时段"),
        },
    )

    def __init__(self, *args, periods=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods if periods is not None else TeachingPeriod.objects.none()


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("开始日期"), widget=DATE)
    end = forms.DateField(label=gettext_lazy("结束日期"), widget=DATE)
    name = forms.CharField(
        label=gettext_lazy("名称"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("留空则按日期命名，如 2020年3月"),
    )


IMPORT_TYPES = (".xlsx", ".csv")
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ImportForm(PeriodChoiceForm):
    file = forms.FileField(
        label=gettext_lazy("平台导出文件"),
        help_text=gettext_lazy(".xlsx 或 .csv（UTF-8 或 GBK 编码），第1行为表头"),
        error_messages={"required": gettext_lazy("请选择文件"), "empty": gettext_lazy("文件为空")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(IMPORT_TYPES):
            raise forms.ValidationError(
                gettext("文件应为 .xlsx 或 .csv（请在 Excel 中另存为这两种格式之一）")
            )
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(gettext("文件不能超过 5 MB"))
        return upload


class SpeakersField(forms.CharField):
    """One speaker a line: 姓名，职务或单位 (a comma, full-width or not, or a space between)."""

    widget = forms.Textarea(attrs={"rows": 3, "placeholder": gettext_lazy("王某某，小市镇党委书记")})

    def clean(self, value):
        text = super().clean(value)
        speakers = []
        for number, line in enumerate((text or "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            for sep in ("，", ",", "、", " ", "\t"):
                if sep in line:
                    name, _, title = line.partition(sep)
                    break
            else:
                name, title = line, ""
            name, title = name.strip(), title.strip()
            if not name or len(name) > 50 or len(title) > 100:
                raise forms.ValidationError(gettext("第{n}行：请写成“姓名，职务或单位”").format(n=number))
            speakers.append((name, title))
        return speakers


class EventForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("活动名称"), max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=EventKind.choices)
    theme = forms.CharField(label=gettext_lazy("主题"), max_length=100, required=False)
    date = forms.DateField(label=gettext_lazy("日期"), widget=DATE)
    county_wide = forms.BooleanField(label=gettext_lazy("全县统一组织"), required=False)
    schools = forms.ModelMultipleChoiceField(
        label=gettext_lazy("学校"),
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    levels = forms.TypedMultipleChoiceField(
        label=gettext_lazy("覆盖年级"),
        coerce=int,
        choices=list(LEVEL_NAMES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("所选学校中这些年级的全部班级计为覆盖班级"),
    )
    topics = forms.MultipleChoiceField(
        label=gettext_lazy("学习内容"), required=False, widget=forms.CheckboxSelectMultiple
    )
    speakers = SpeakersField(
        label=gettext_lazy("主讲人"), help_text=gettext_lazy("每行一位：姓名，职务或单位")
    )
    note = forms.CharField(
        label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, schools=None, county_wide=True, **kwargs):
        """`county_wide`: whether the user may record a county-wide event (else the box is left out)."""
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = schools if schools is not None else School.objects.none()
        if not county_wide:
            del self.fields["county_wide"]
        self.fields["topics"].choices = [(t, t) for t in get_rule("teaching.event_topics")]
