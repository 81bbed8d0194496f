"""The organisation browser: county → grid → school → grade → class → person, within scope.

Every object, child list and count on these pages comes from `Model.objects.visible_to(user)`
(DESIGN principle 1): the views only arrange what the scoped querysets return.
"""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.core.views import ScopedDetailView, ScopedListView
from eduguard.org.choices import PersonCategory, Sex
from eduguard.org.filters import PersonFilter
from eduguard.org.ledger import timeline
from eduguard.org.models import County, Grade, Grid, Person, School, SchoolClass
from eduguard.org.services import unmask_person

UNIT_URLS = {
    County: "org:county",
    Grid: "org:grid",
    School: "org:school",
    Grade: "org:grade",
    SchoolClass: "org:class",
    Person: "org:person",
}
# What a unit's headcount is made of; `headcount()` returns these keys.
HEADCOUNT = {
    "students": Count("id", filter=Q(category=PersonCategory.STUDENT)),
    "staff": Count("id", filter=Q(category=PersonCategory.STAFF)),
    "temporary": Count("id", filter=Q(category=PersonCategory.TEMPORARY)),
}
NOBODY = dict.fromkeys(HEADCOUNT, 0)


def headcount(people, by: str | None = None):
    """Students, staff and temporary workers on the roll of a `visible_to` queryset of people.

    With `by` (a field path such as "school_class"), a dict {value of by: counts}; otherwise one dict.
    """
    people = people.filter(is_active=True).order_by()  # no default ordering in the GROUP BY
    if by is None:
        return people.aggregate(**HEADCOUNT)
    return {row.pop(by): row for row in people.values(by).annotate(**HEADCOUNT)}


def count_by(queryset, by: str) -> dict:
    """{value of by: number of rows} of a `visible_to` queryset."""
    return dict(queryset.order_by().values_list(by).annotate(n=Count("id")))


def with_tally(units, people_by_unit: dict, **other_counts: dict) -> list:
    """The units as a list, each with `.tally` (headcount) and one attribute per other count."""
    units = list(units)
    for unit in units:
        unit.tally = people_by_unit.get(unit.pk, NOBODY)
        for name, counts in other_counts.items():
            setattr(unit, name, counts.get(unit.pk, 0))
    return units


def lineage(obj) -> list:
    """The units above `obj`, top first, ending with `obj`. A school outside any grid skips that level."""
    if isinstance(obj, County):
        return [obj]
    if isinstance(obj, Grid):
        return [obj.county, obj]
    if isinstance(obj, School):
        return [obj.county, *([obj.grid] if obj.grid_id else []), obj]
    if isinstance(obj, Grade):
        return [*lineage(obj.school), obj]
    if isinstance(obj, SchoolClass):
        return [*lineage(obj.school), obj.grade, obj]
    if isinstance(obj, Person):
        parent = obj.school_class if obj.school_class_id else obj.school if obj.school_id else obj.county
        return [*lineage(parent), obj]
    raise TypeError(f"not an organisation unit: {obj!r}")


def unit_url(user, unit) -> str | None:
    """The unit's page if the user may open it (checked through visible_to), else None."""
    model = type(unit)
    if model.objects.visible_to(user).filter(pk=unit.pk).exists():
        return reverse(UNIT_URLS[model], args=[unit.pk])
    return None


def school_crumbs(user, school, page: str) -> list[dict]:
    """County › grid › school › page; units outside the user's scope are plain names."""
    *above, _ = breadcrumbs(user, school)
    return [*above, {"label": str(school), "url": unit_url(user, school)}, {"label": page, "url": None}]


def breadcrumbs(user, obj) -> list[dict]:
    """County › grid › school › grade › class › obj; ancestors outside the scope are plain names."""
    *ancestors, current = lineage(obj)
    crumbs = [{"label": str(unit), "url": unit_url(user, unit)} for unit in ancestors]
    return [*crumbs, {"label": str(current), "url": None}]


class UnitDetailView(ScopedDetailView):
    """A page of one unit (404 outside the scope), with its breadcrumbs."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["crumbs"] = breadcrumbs(self.request.user, self.object)
        return ctx


class HomeView(LoginRequiredMixin, TemplateView):
    """The user's starting points: the units of their own active assignments."""

    template_name = "org/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        assignments = list(
            ResponsibilityAssignment.objects.active()
            .filter(user=user)
            .select_related(
                "county",
                "grid__county",
                "school__county",
                "school__grid",
                "grade__school__county",
                "grade__school__grid",
                "school_class__grade",
                "school_class__school__county",
                "school_class__school__grid",
                "person",
            )
        )
        ctx["cards"] = [
            self.card(a.target, role=a.get_role_display(), level=a.get_level_display()) for a in assignments
        ]
        for a, card in zip(assignments, ctx["cards"], strict=True):
            if a.role == Role.GATE_GUARD:  # the gate screen is the guard's whole work
                card["url"] = reverse("campus:gate", args=[a.school_id])
            elif a.role == Role.DISCIPLINE:  # discipline officers read the tutoring cases only
                card["url"] = reverse("inspection:cases")
            elif a.role == Role.COUNSELLOR:  # counsellors read the counselling records only
                card["url"] = reverse("counselling:sessions")
        if user.is_superuser:
            ctx["cards"] = [self.card(c) for c in County.objects.visible_to(user)] + ctx["cards"]
        from django.utils import timezone

        from eduguard.command.services.todo import my_open_items  # the user's own action items

        ctx["my_actions"], ctx["today"] = list(my_open_items(user)), timezone.localdate()
        return ctx

    def card(self, unit, role: str = "", level: str = "") -> dict:
        """One card: the unit, where it sits, and a link only if the user may open it."""
        ancestors = lineage(unit)[:-1]
        below_grid = [u for u in ancestors if not isinstance(u, County | Grid)]
        return {
            "role": role,
            "label": str(unit),
            "where": " · ".join(str(u) for u in below_grid or ancestors) or level,
            "url": unit_url(self.request.user, unit),
        }


class CountyDetailView(UnitDetailView):
    model = County
    template_name = "org/county_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, county = self.request.user, self.object
        schools = School.objects.visible_to(user).filter(county=county)
        people = Person.objects.visible_to(user).filter(county=county)
        ctx["grids"] = with_tally(
            Grid.objects.visible_to(user).filter(county=county),
            headcount(people.filter(school__isnull=False), "school__grid"),
            n_schools=count_by(schools, "grid"),
        )
        ctx["ungridded"] = with_tally(schools.filter(grid__isnull=True), headcount(people, "school"))
        ctx["n_schools"] = schools.count()
        ctx["total"] = headcount(people)
        return ctx


class GridDetailView(UnitDetailView):
    model = Grid
    queryset = Grid.objects.select_related("county")
    template_name = "org/grid_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        people = Person.objects.visible_to(user).filter(school__grid=self.object)
        ctx["schools"] = with_tally(
            School.objects.visible_to(user).filter(grid=self.object), headcount(people, "school")
        )
        ctx["total"] = headcount(people)
        return ctx


class SchoolDetailView(UnitDetailView):
    model = School
    queryset = School.objects.select_related("county", "grid")
    template_name = "org/school_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        people = Person.objects.visible_to(user).filter(school=self.object)
        classes = SchoolClass.objects.visible_to(user).filter(school=self.object)
        ctx["grades"] = with_tally(
            Grade.objects.visible_to(user).filter(school=self.object),
            headcount(people, "school_class__grade"),
            n_classes=count_by(classes, "grade"),
        )
        ctx["staff"] = people.filter(is_active=True).exclude(category=PersonCategory.STUDENT)
        ctx["n_classes"] = classes.count()
        ctx["total"] = headcount(people)
        return ctx


class GradeDetailView(UnitDetailView):
    model = Grade
    queryset = Grade.objects.select_related("school__county", "school__grid")
    template_name = "org/grade_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        people = Person.objects.visible_to(user).filter(school_class__grade=self.object)
        ctx["classes"] = with_tally(
            SchoolClass.objects.visible_to(user).filter(grade=self.object), headcount(people, "school_class")
        )
        ctx["total"] = headcount(people)
        return ctx


class ClassDetailView(UnitDetailView):
    model = SchoolClass
    queryset = SchoolClass.objects.select_related("grade", "school__county", "school__grid")
    template_name = "org/class_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        students = Person.objects.visible_to(self.request.user).filter(
            school_class=self.object, is_active=True
        )
        ctx["people"] = students.select_related("dorm")
        ctx["summary"] = students.order_by().aggregate(
            students=Count("id"),
            male=Count("id", filter=Q(sex=Sex.MALE)),
            female=Count("id", filter=Q(sex=Sex.FEMALE)),
            boarders=Count("id", filter=Q(boarding=True)),
        )
        return ctx


class PersonListView(ScopedListView):
    model = Person
    queryset = Person.objects.select_related("school", "school_class")
    template_name = "org/person_list.html"

    def get_queryset(self):
        self.filterset = PersonFilter(self.request.GET or None, queryset=super().get_queryset())
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["roles"] = PersonCategory.choices
        return ctx


class PersonDetailView(UnitDetailView):
    model = Person
    queryset = Person.objects.select_related(
        "county",
        "school__county",
        "school__grid",
        "school_class__grade",
        "school_class__school__county",
        "school_class__school__grid",
        "dorm",
    ).prefetch_related("guardians")
    template_name = "org/person_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["ledger"] = timeline(self.object, self.request.user)
        return ctx


class PersonUnmaskView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST: show the full ID number and phones once, and log it. Needs org.unmask_person.

    An htmx request gets the revealed block to swap in; a plain form post gets the whole page.
    """

    permission_required = "org.unmask_person"
    raise_exception = True

    def post(self, request, pk):
        person = get_object_or_404(PersonDetailView.queryset.visible_to(request.user), pk=pk)
        revealed = unmask_person(actor=request.user, person=person, request=request)
        if request.htmx:
            return render(request, "org/_unmasked.html", {"person": person, "revealed": revealed})
        context = {
            "object": person,
            "person": person,
            "revealed": revealed,
            "crumbs": breadcrumbs(request.user, person),
        }
        return render(request, "org/person_detail.html", context)
