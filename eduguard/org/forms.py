"""The person form: the one validator for manual entry, the API and every roster import row."""

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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
        return clean_name(self.cleaned_data["name"])

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean_guardian_phone(self):
        return clean_phone(self.cleaned_data.get("guardian_phone", ""))

    def clean(self):
        data = super().clean()
        check_person(data, self.add_error, self.errors, self.today)
        return data


# -- the rules, shared by PersonForm and the roster import's Form-less path ----------------------
# Each check takes the cleaned data, `add_error(field, message)` with Form.add_error's behaviour
# (record the error, drop the field from the data) and the fields with errors so far.


def clean_name(value: str) -> str:
    name = value.strip()
    if not name:
        raise ValidationError("姓名不能为空")
    return name


def clean_phone(raw: str) -> str:
    return normalise_phone(raw) if raw.strip() else ""


FIELD_CLEANERS = {"name": clean_name, "phone": clean_phone, "guardian_phone": clean_phone}  # clean_<field>


def check_person(data: dict, add_error, errors, today: dt.date) -> None:
    """PersonForm.clean's cross-checks: identity, age, placement, guardian."""
    _check_identity(data, add_error, errors, today)
    _check_placement(data, add_error, errors)
    _check_guardian(data, add_error, errors)


def clean_person_data(values: dict, *, fields: dict, today: dt.date, memo: dict | None = None):
    """PersonForm(values).full_clean() without building a form: (cleaned data, {field: [errors]}).

    The same fields (PersonForm.base_fields, or the importer's scoped copies), the same clean_<field>
    functions and the same check_person, in the same order, so the errors are the form's, in the
    form's order. `values` must hold what a form would read from its data (a bulk caller passes
    Python values, not POST strings). `memo` caches field.clean of the fields in MEMO_FIELDS, which
    are pure functions of a value with few distinct values in a roster (an import of a million rows
    cleans "学生" once).
    """
    cleaned: dict = {}
    found: dict[str, list[ValidationError]] = {}

    def add_error(name, error) -> None:
        if not isinstance(error, ValidationError):
            error = ValidationError(error)
        found.setdefault(name or NON_FIELD_ERRORS, []).extend(error.error_list)
        cleaned.pop(name, None)

    for name, field in fields.items():
        value = values.get(name)
        if name == "boarding":
            value = bool(value)  # CheckboxInput.value_from_datadict for a Python value
        try:
            if memo is not None and name in MEMO_FIELDS:
                key = (name, value)
                outcome = memo.get(key)
                if outcome is None:
                    try:
                        outcome = (True, field.clean(value))
                    except ValidationError as exc:
                        outcome = (False, exc)
                    if len(memo) < _MEMO_MAX:
                        memo[key] = outcome
                if not outcome[0]:
                    raise outcome[1]
                value = outcome[1]
            else:
                value = field.clean(value)
            cleaner = FIELD_CLEANERS.get(name)
            cleaned[name] = value if cleaner is None else cleaner(value)
        except ValidationError as exc:
            add_error(name, exc)
    try:
        check_person(cleaned, add_error, found, today)
    except ValidationError as exc:
        add_error(None, exc)
    return cleaned, found


MEMO_FIELDS = frozenset(
    ["school", "school_class", "dorm", "category", "staff_type", "sex", "id_type", "birth_date"]
    + ["household_township", "boarding", "guardian_relation"]
)
_MEMO_MAX = 100_000


def _check_identity(data, add_error, errors, today):
    id_type, raw = data.get("id_type"), data.get("id_number", "")
    if id_type == IdType.RESIDENT:
        try:
            parsed = parse_id_number(raw, today=today)
        except ValidationError as exc:
            add_error("id_number", exc)
            return
        data["id_number"] = parsed.number
        if data.get("birth_date") and data["birth_date"] != parsed.birth_date:
            add_error("birth_date", f"出生日期与身份证号码不一致（证件为 {parsed.birth_date.isoformat()}）")
        data["birth_date"] = parsed.birth_date
        if data.get("sex") and data["sex"] != parsed.sex:
            add_error("sex", f"性别与身份证号码不一致（证件为{Sex(parsed.sex).label}）")
    elif id_type == IdType.NONE:
        data["id_number"] = ""
    else:
        data["id_number"] = (raw or "").strip().upper()
        if not data["id_number"]:
            add_error("id_number", "证件号码不能为空")
    if not data.get("birth_date"):
        if "birth_date" not in errors:
            add_error("birth_date", "出生日期不能为空")
        return
    _check_age(data, add_error, today)


def _check_age(data, add_error, today):
    birth = data["birth_date"]
    if birth > today:
        add_error("birth_date", "出生日期不能晚于今天")
        return
    category = data.get("category")
    low, high = (
        settings.EDUGUARD_STUDENT_AGE_RANGE
        if category == PersonCategory.STUDENT
        else settings.EDUGUARD_STAFF_AGE_RANGE
    )
    age = age_on(birth, today)
    if not low <= age <= high:
        label = "学生" if category == PersonCategory.STUDENT else "教职工"
        add_error("birth_date", f"{label}年龄应在{low}–{high}岁之间（当前{age}岁）")


def _check_placement(data, add_error, errors):
    category, school, klass = data.get("category"), data.get("school"), data.get("school_class")
    if category == PersonCategory.STUDENT:
        if klass is None and "school_class" not in errors:
            add_error("school_class", "学生必须指定班级")
        if klass is not None and school is not None and klass.school_id != school.id:
            add_error("school_class", "班级不属于该学校")
        if klass is not None:
            data["school"] = klass.school
    elif klass is not None:
        add_error("school_class", "只有学生可以编入班级")
    if category != PersonCategory.STUDENT:
        data["staff_type"] = data.get("staff_type") or (
            StaffType.TEACHER if category == PersonCategory.STAFF else StaffType.OTHER
        )
    else:
        data["staff_type"] = StaffType.NONE
    dorm = data.get("dorm")
    if dorm is not None:
        if data.get("school") is None or dorm.school_id != data["school"].id:
            add_error("dorm", "宿舍不属于该学校")
        elif not data.get("boarding"):
            add_error("boarding", "有宿舍的人员应为住校")


def _check_guardian(data, add_error, errors):
    name, relation, phone = (
        data.get("guardian_name"),
        data.get("guardian_relation"),
        data.get("guardian_phone"),
    )
    if not (name or relation or phone):
        return
    if data.get("category") != PersonCategory.STUDENT:
        add_error("guardian_name", "只有学生登记监护人")
        return
    if not name:
        add_error("guardian_name", "监护人姓名不能为空")
    if not relation:
        add_error("guardian_relation", "监护人关系不能为空")
    if not phone and "guardian_phone" not in errors:
        add_error("guardian_phone", "监护人手机不能为空")
