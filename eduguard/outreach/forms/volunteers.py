"""Forms of the volunteer pages. Shape only, with the choices narrowed to what the user may see in
the unit they work on; whether the records fit together (a volunteer of that school, a shift that
does not overlap another) is the services' to judge, with the messages people read."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eduguard.core.forms import DATE
from eduguard.org.models import Person
from eduguard.outreach.models import ActivityKind, Post, Volunteer, VolunteerActivity, VolunteerTeam
from eduguard.outreach.services.volunteer_shifts import check_times

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
COUNT = forms.NumberInput(attrs={"inputmode": "numeric", "min": "0", "step": "1"})


def township_input(datalist: str = "townships"):
    return forms.TextInput(attrs={"list": datalist, "autocomplete": "off"})


class PersonChoice(forms.ModelChoiceField):
    """A staff member as a clerk tells them apart: name and post; those already enrolled say so."""

    def __init__(self, *args, enrolled=frozenset(), **kwargs):
        self.enrolled = enrolled
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        label = f"{obj.name}（{obj.get_staff_type_display() or obj.get_category_display()}）"
        return label + (_("·已是志愿者") if obj.pk in self.enrolled else "")


class VolunteerChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name}（{obj.township}）"


class VolunteerForm(forms.Form):
    KINDS = [("roster", _("本单位在册人员")), ("outsider", _("校外人员（社会志愿者）"))]

    unit = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("志愿者来源"), choices=KINDS, initial="roster", widget=forms.RadioSelect)
    person = PersonChoice(
        label=_("在册人员"), queryset=Person.objects.none(), required=False, empty_label=_("请选择")
    )
    name = forms.CharField(label=_("姓名（校外人员）"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("手机号（校外人员）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    township = forms.CharField(label=_("服务乡镇"), max_length=30, widget=township_input())
    skills = forms.CharField(label=_("特长"), max_length=100, required=False)
    joined_on = forms.DateField(label=_("加入日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, people=None, enrolled=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = people if people is not None else Person.objects.none()
        field.enrolled = enrolled

    def clean(self):
        data = super().clean()
        if data.get("kind") == "roster" and not data.get("person") and "person" not in self.errors:
            self.add_error("person", _("请选择在册人员"))
        return data


class VolunteerEditForm(forms.Form):
    township = forms.CharField(label=_("服务乡镇"), max_length=30, widget=township_input())
    skills = forms.CharField(label=_("特长"), max_length=100, required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
    active = forms.BooleanField(label=_("在岗"), required=False)
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("新手机号"),
        max_length=20,
        required=False,
        help_text=_("不改则留空"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args, outsider: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not outsider:  # a roster person's name and phone are the roster's
            del self.fields["name"], self.fields["phone"]


class TeamForm(forms.Form):
    unit = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("队名"), max_length=60)
    township = forms.CharField(
        label=_("乡镇"), max_length=30, required=False, widget=township_input(), help_text=_("乡镇分队填写")
    )
    leader = forms.ModelChoiceField(
        label=_("队长"), queryset=Volunteer.objects.none(), required=False, empty_label=_("暂不指定")
    )
    members = VolunteerChoices(label=_("队员"), queryset=Volunteer.objects.none(), required=False)

    def __init__(self, *args, volunteers=None, **kwargs):
        super().__init__(*args, **kwargs)
        volunteers = volunteers if volunteers is not None else Volunteer.objects.none()
        self.fields["leader"].queryset = volunteers
        self.fields["members"].queryset = volunteers


class MembersForm(forms.Form):
    leader = forms.ModelChoiceField(
        label=_("队长"), queryset=Volunteer.objects.none(), required=False, empty_label=_("暂不指定")
    )
    members = VolunteerChoices(label=_("队员"), queryset=Volunteer.objects.none(), required=False)
    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True)

    def __init__(self, *args, volunteers=None, **kwargs):
        super().__init__(*args, **kwargs)
        volunteers = volunteers if volunteers is not None else Volunteer.objects.none()
        self.fields["leader"].queryset = volunteers
        self.fields["members"].queryset = volunteers


class ShiftForm(forms.Form):
    unit = forms.CharField(widget=forms.HiddenInput)
    team = forms.ModelChoiceField(
        label=_("服务队"), queryset=VolunteerTeam.objects.none(), required=False, empty_label=_("不限")
    )
    post = forms.ChoiceField(label=_("岗位"), choices=Post.choices)
    place = forms.CharField(label=_("地点"), max_length=60)
    township = forms.CharField(label=_("乡镇"), max_length=30, widget=township_input())
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=DATETIME)
    activity = forms.ModelChoiceField(
        label=_("所属活动"), queryset=VolunteerActivity.objects.none(), required=False, empty_label=_("无")
    )
    volunteers = VolunteerChoices(label=_("安排志愿者"), queryset=Volunteer.objects.none())
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, teams=None, activities=None, volunteers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams if teams is not None else VolunteerTeam.objects.none()
        self.fields["activity"].queryset = (
            activities if activities is not None else VolunteerActivity.objects.none()
        )
        self.fields["volunteers"].queryset = (
            volunteers if volunteers is not None else Volunteer.objects.none()
        )

    def clean(self):
        """An end at or before the start is refused here already, with the service's message."""
        data = super().clean()
        for name, messages in check_times(data.get("starts_at"), data.get("ends_at")).items():
            if name not in self.errors:
                self.add_error(name, messages)
        return data


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("到岗志愿者"), required=False, widget=forms.CheckboxSelectMultiple
    )
    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True)

    def __init__(self, *args, assignments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(a.volunteer_id), a.volunteer.display_name) for a in assignments
        ]


class ActivityForm(forms.Form):
    unit = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField(label=_("日期"), widget=DATE)
    kind = forms.ChoiceField(label=_("类型"), choices=ActivityKind.choices)
    township = forms.CharField(label=_("乡镇"), max_length=30, widget=township_input())
    place = forms.CharField(label=_("地点"), max_length=60, required=False)
    team = forms.ModelChoiceField(
        label=_("服务队"), queryset=VolunteerTeam.objects.none(), required=False, empty_label=_("不限")
    )
    summary = forms.CharField(label=_("内容"), max_length=200, required=False)
    # Counts are checked by the service (whole, not negative, not absurd), which names the count.
    banners = forms.IntegerField(label=_("悬挂宣传条幅（副）"), required=False, initial=0, widget=COUNT)
    leaflets = forms.IntegerField(label=_("发放宣传单（份）"), required=False, initial=0, widget=COUNT)
    persuaded = forms.IntegerField(
        label=_("劝返未采取防护措施出行人员（人）"), required=False, initial=0, widget=COUNT
    )
    entered_person_times = forms.IntegerField(
        label=_("参与人次"),
        required=False,
        initial=0,
        widget=COUNT,
        help_text=_("仅在不排班、事后登记时填写；排班的活动按到岗记录自动计算"),
    )

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams if teams is not None else VolunteerTeam.objects.none()
