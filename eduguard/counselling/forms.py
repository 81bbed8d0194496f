"""Forms of the counselling pages: shape only; who may record for whom is the services' to judge.
The person is chosen from the counsellor's people after a search by name, so a page never lists a
whole school."""

from django import forms
from django.utils.translation import gettext_lazy

from eduguard.core.forms import DATE
from eduguard.counselling.choices import ConcernCategory, Outcome, SessionKind
from eduguard.org.models import Person

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, p) -> str:
        where = p.school.name if p.school_id else gettext_lazy("局机关")
        klass = f" {p.school_class.name}" if p.school_class_id else ""
        return f"{p.name}（{where}{klass}）"


class SessionForm(forms.Form):
    person = PersonChoice(
        label=gettext_lazy("辅导对象"),
        queryset=Person.objects.none(),
        error_messages={"required": gettext_lazy("请先按姓名查找并选择辅导对象")},
    )
    held_at = forms.DateTimeField(label=gettext_lazy("辅导时间"), widget=DATETIME)
    kind = forms.ChoiceField(
        label=gettext_lazy("形式"), choices=SessionKind.choices, widget=forms.RadioSelect
    )
    category = forms.ChoiceField(label=gettext_lazy("主题"), choices=ConcernCategory.choices)
    hospital = forms.CharField(
        label=gettext_lazy("转介医院"), max_length=60, required=False, help_text=gettext_lazy("转介时填写")
    )
    note = forms.CharField(
        label=gettext_lazy("辅导记录"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
        help_text=gettext_lazy("加密保存，仅心理辅导教师和本校校长可见"),
    )
    follow_up_on = forms.DateField(label=gettext_lazy("回访日期"), widget=DATE, required=False)

    def __init__(self, *args, people=None, shown=None, **kwargs):
        """`people`: whom the actor may choose (validation); `shown`: the options the page lists."""
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = people if people is not None else Person.objects.none()
        if shown is not None:
            field.widget.choices = forms.models.ModelChoiceIterator(field)
            field.widget.choices.queryset = shown


class FollowUpForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("回访日期"), widget=DATE)
    outcome = forms.ChoiceField(label=gettext_lazy("结果"), choices=Outcome.choices)
    note = forms.CharField(
        label=gettext_lazy("回访记录"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    next_on = forms.DateField(label=gettext_lazy("下次回访"), widget=DATE, required=False)
