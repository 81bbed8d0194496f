from django.contrib import admin

from eduguard.core.admin import ReadOnlyAdmin
from eduguard.org.models import County, DormRoom, Grade, Grid, Person, School, SchoolClass


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "bureau_name"]


@admin.register(Grid)
class GridAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "county"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "type", "grid", "boarding", "reopening_batch"]
    list_filter = ["type", "grid", "boarding", "reopening_batch"]
    search_fields = ["code", "name"]


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "level"]
    list_filter = ["school"]


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin):
    list_display = ["name", "grade", "school"]
    list_filter = ["school"]


@admin.register(DormRoom)
class DormRoomAdmin(admin.ModelAdmin):
    list_display = ["label", "school", "capacity"]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    """Read-only here: people are written through org.services so every change is audited."""

    list_display = ["name", "category", "school", "school_class", "id_masked", "phone_masked"]
    list_filter = ["category", "school"]
    search_fields = ["name"]
    fields = [
        "name",
        "category",
        "staff_type",
        "sex",
        "birth_date",
        "id_type",
        "id_masked",
        "phone_masked",
        "school",
        "school_class",
        "dorm",
        "boarding",
        "household_township",
        "is_active",
    ]
