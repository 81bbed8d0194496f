"""FilterSets shared by the organisation pages and the API."""

import django_filters
from drf_spectacular.utils import extend_schema_field

from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person, School, SchoolClass

# Largest primary key a database stores (signed 64-bit): a larger ?id= is a 400, not an overflow.
MAX_ID = 2**63 - 1


def parse_id(raw) -> int | None:
    """A primary key typed in a query string or form: ASCII digits within MAX_ID, else None
    ("²".isdigit() is true but int("²") fails, hence isascii)."""
    raw = (raw or "").strip() if isinstance(raw, str) else ""
    if not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A primary key in a query string, documented as one (a NumberFilter reads as any number)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class SchoolFilter(django_filters.FilterSet):
    grid = IdFilter(field_name="grid_id")

    class Meta:
        model = School
        fields = ["grid", "type", "reopening_batch"]


class ClassFilter(django_filters.FilterSet):
    school = IdFilter(field_name="school_id")
    grade = IdFilter(field_name="grade_id")

    class Meta:
        model = SchoolClass
        fields = ["school", "grade"]


class PersonFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(field_name="category", choices=PersonCategory.choices)
    school = IdFilter(field_name="school_id")
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="姓名")

    class Meta:
        model = Person
        fields = ["role", "school", "q"]


# `class` is a Python keyword, so the API's ?class= filter is added after the class body.
PersonFilter.base_filters["class"] = IdFilter(field_name="school_class_id", label="班级")
