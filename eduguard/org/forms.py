"""The person form: the one validator for manual entry, the API and every roster import row."""

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from eduguard.core.identity import age_on, parse_id_number
from eduguard.core.phones import normalise_phone
from eduguard.org.choices import GuardianRelation, IdType, PersonCategory, Sex, StaffType
from eduguard.org.models import DormRoom, School, SchoolClass


class PersonForm(forms.Form):
    """Fields of one roster row (DESIGN.md's import columns), with cross-checks.

    `school`, `school_class` and `dorm` choices are narrowed to the user's scope when a user is
    given (`PersonForm(data, user=...)`): an out-of-scope unit is "not a valid choice", like a
    missing one. Without a user (commands, the system) every unit is a valid choice.
    """

    school = forms.ModelChoiceField(School.objects.all(), label="学校", required=False)
    school_class = forms.ModelChoiceField(SchoolClass.objects.all(), label="班级", required=False)
    category = forms.ChoiceField(choices=PersonCategory.choices, label="人员类别")
    staff_type = forms.ChoiceField(choices=StaffType.choices, label="岗位", required=False)
    name = forms.CharField(label="姓名", max_length=50)
    sex = forms.ChoiceField(choices=Sex.choices, label="性别")
    id_type = forms.ChoiceField(choices=IdType.choices, label="证件类型", initial=IdType.RESIDENT)
    id_number = forms.CharField(label="证件号码", max_length=40, required=False)
    birth_date = forms.DateField(label="出生日期", required=False)
    phone = forms.CharField(label="手机号", max_length=30, required=False)
    household_township = forms.CharField(label="户籍乡镇", max_length=50, required=False)
    address = forms.CharField(label="家庭住址", max_length=200, required=False)
    boarding = forms.BooleanField(label="是否住校", required=False)
    dorm = forms.ModelChoiceField(DormRoom.objects.all(), label="宿舍", required=False)
    guardian_name = forms.CharField(label="监护人姓名", max_length=50, required=False)
    guardian_relation = forms.ChoiceField(
        choices=[("", "—"), *GuardianRelation.choices], label="监护人关系", required=False
    )
    guardian_phone = forms.CharField(label="监护人手机", max_length=30, required=False)

    def __init__(self, *args, user=None, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        if user is not None:
            self.fields["school"].queryset = School.objects.visible_to(user)
            self.fields["school_class"].queryset = SchoolClass.objects.visible_to(user).select_related(
                "grade"
            )
            self.fields["dorm"].queryset = DormRoom.objects.visible_to(user)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("姓名不能为空")
        return name

    def clean_phone(self):
        raw = self.cleaned_data.get("phone", "")
        return normalise_phone(raw) if raw.strip() else ""

    def clean_guardian_phone(self):
        raw = self.cleaned_data.get("guardian_phone", "")
        return normalise_phone(raw) if raw.strip() else ""

    def clean(self):
        data = super().clean()
        self._check_identity(data)
        self._check_placement(data)
        self._check_guardian(data)
        return data

    def _check_identity(self, data):
        id_type, raw = data.get("id_type"), data.get("id_number", "")
        if id_type == IdType.RESIDENT:
            try:
                parsed = parse_id_number(raw, today=self.today)
            except ValidationError as exc:
                self.add_error("id_number", exc)
                return
            data["id_number"] = parsed.number
            if data.get("birth_date") and data["birth_date"] != parsed.birth_date:
                self.add_error(
                    "birth_date", f"出生日期与身份证号码不一致（证件为 {parsed.birth_date.isoformat()}）"
                )
            data["birth_date"] = parsed.birth_date
            if data.get("sex") and data["sex"] != parsed.sex:
                self.add_error("sex", f"性别与身份证号码不一致（证件为{Sex(parsed.sex).label}）")
        elif id_type == IdType.NONE:
            data["id_number"] = ""
        else:
            data["id_number"] = (raw or "").strip().upper()
            if not data["id_number"]:
                self.add_error("id_number", "证件号码不能为空")
        if not data.get("birth_date"):
            if "birth_date" not in self.errors:
                self.add_error("birth_date", "出生日期不能为空")
            return
        self._check_age(data)

    def _check_age(self, data):
        birth = data["birth_date"]
        if birth > self.today:
            self.add_error("birth_date", "出生日期不能晚于今天")
            return
        category = data.get("category")
        low, high = (
            settings.EDUGUARD_STUDENT_AGE_RANGE
            if category == PersonCategory.STUDENT
            else settings.EDUGUARD_STAFF_AGE_RANGE
        )
        age = age_on(birth, self.today)
        if not low <= age <= high:
            label = "学生" if category == PersonCategory.STUDENT else "教职工"
            self.add_error("birth_date", f"{label}年龄应在{low}–{high}岁之间（当前{age}岁）")

    def _check_placement(self, data):
        category, school, klass = data.get("category"), data.get("school"), data.get("school_class")
        if category == PersonCategory.STUDENT:
            if klass is None and "school_class" not in self.errors:
                self.add_error("school_class", "学生必须指定班级")
            if klass is not None and school is not None and klass.school_id != school.id:
                self.add_error("school_class", "班级不属于该学校")
            if klass is not None:
                data["school"] = klass.school
        elif klass is not None:
            self.add_error("school_class", "只有学生可以编入班级")
        if category != PersonCategory.STUDENT:
            data["staff_type"] = data.get("staff_type") or (
                StaffType.TEACHER if category == PersonCategory.STAFF else StaffType.OTHER
            )
        else:
            data["staff_type"] = StaffType.NONE
        dorm = data.get("dorm")
        if dorm is not None:
            if data.get("school") is None or dorm.school_id != data["school"].id:
                self.add_error("dorm", "宿舍不属于该学校")
            elif not data.get("boarding"):
                self.add_error("boarding", "有宿舍的人员应为住校")

    def _check_guardian(self, data):
        name, relation, phone = (
            data.get("guardian_name"),
            data.get("guardian_relation"),
            data.get("guardian_phone"),
        )
        if not (name or relation or phone):
            return
        if data.get("category") != PersonCategory.STUDENT:
            self.add_error("guardian_name", "只有学生登记监护人")
            return
        if not name:
            self.add_error("guardian_name", "监护人姓名不能为空")
        if not relation:
            self.add_error("guardian_relation", "监护人关系不能为空")
        if not phone and "guardian_phone" not in self.errors:
            self.add_error("guardian_phone", "监护人手机不能为空")
