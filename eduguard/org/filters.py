"""FilterSets shared by the organisation pages and the API."""

import django_filters

from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person, School, SchoolClass


class SchoolFilter(django_filters.FilterSet):
    class Meta:
        model = School
        fields = ["grid", "type", "reopening_batch"]


class ClassFilter(django_filters.FilterSet):
    school = django_filters.NumberFilter(field_name="school_id")
    grade = django_filters.NumberFilter(field_name="grade_id")

    class Meta:
        model = SchoolClass
        fields = ["school", "grade"]


class PersonFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(field_name="category", choices=PersonCategory.choices)
    school = django_filters.NumberFilter(field_name="school_id")
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="姓名")

    class Meta:
        model = Person
        fields = ["role", "school", "q"]


# `class` is a Python keyword, so the API's ?class= filter is added after the class body.
PersonFilter.base_filters["class"] = django_filters.NumberFilter(field_name="school_class_id", label="班级")
