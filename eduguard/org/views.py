"""The organisation browser: county → grid → school → grade → class → person, within scope."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import get_object_or_404, render
from django.views import View
from django.views.generic import TemplateView

from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.core.views import ScopedDetailView, ScopedListView
from eduguard.org.filters import PersonFilter
from eduguard.org.models import County, Grade, Grid, Person, School, SchoolClass
from eduguard.org.services import unmask_person


class HomeView(LoginRequiredMixin, TemplateView):
    """The user's starting points: the units of their own active assignments."""

    template_name = "org/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["assignments"] = (
            ResponsibilityAssignment.objects.active()
            .filter(user=user)
            .select_related("county", "grid", "school", "grade__school", "school_class__school", "person")
        )
        ctx["counties"] = County.objects.visible_to(user) if user.is_superuser else County.objects.none()
        return ctx


class CountyDetailView(ScopedDetailView):
    model = County
    template_name = "org/county_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["grids"] = Grid.objects.visible_to(user).filter(county=self.object)
        ctx["ungridded"] = School.objects.visible_to(user).filter(county=self.object, grid__isnull=True)
        return ctx


class GridDetailView(ScopedDetailView):
    model = Grid
    template_name = "org/grid_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["schools"] = School.objects.visible_to(self.request.user).filter(grid=self.object)
        return ctx


class SchoolDetailView(ScopedDetailView):
    model = School
    template_name = "org/school_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["grades"] = Grade.objects.visible_to(self.request.user).filter(school=self.object)
        return ctx


class GradeDetailView(ScopedDetailView):
    model = Grade
    queryset = Grade.objects.select_related("school")
    template_name = "org/grade_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["classes"] = SchoolClass.objects.visible_to(self.request.user).filter(grade=self.object)
        return ctx


class ClassDetailView(ScopedDetailView):
    model = SchoolClass
    queryset = SchoolClass.objects.select_related("grade", "school")
    template_name = "org/class_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["people"] = Person.objects.visible_to(self.request.user).filter(school_class=self.object)
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
        return ctx


class PersonDetailView(ScopedDetailView):
    model = Person
    queryset = Person.objects.select_related("school", "school_class", "dorm").prefetch_related("guardians")
    template_name = "org/person_detail.html"


class PersonUnmaskView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST: show the full ID number and phones once, and log it. Needs org.unmask_person."""

    permission_required = "org.unmask_person"
    raise_exception = True

    def post(self, request, pk):
        person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
        revealed = unmask_person(actor=request.user, person=person, request=request)
        return render(request, "org/_unmasked.html", {"person": person, "revealed": revealed})
