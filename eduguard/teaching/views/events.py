"""Health education events: the list, one event (its classes shown within the reader's scope), and
the form that records one."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views import View

from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedDetailView, ScopedListView
from eduguard.org.choices import PersonCategory
from eduguard.org.models import County, School, SchoolClass
from eduguard.teaching import forms as f
from eduguard.teaching.models import HealthEducationEvent, Speaker
from eduguard.teaching.services.access import enterable_schools, may_manage_county
from eduguard.teaching.services.events import classes_of, record_event

STUDENTS = Q(classes__people__category=PersonCategory.STUDENT, classes__people__is_active=True)


def _counted(queryset):
    """Classes and students reached, counted in the query (aggregation drops Meta.ordering: restated)."""
    return queryset.annotate(
        n_classes=Count("classes", distinct=True),
        n_students=Count("classes__people", filter=STUDENTS, distinct=True),
    ).order_by("-date", "-id")


class EventListView(ScopedListView):
    model = HealthEducationEvent
    template_name = "teaching/events.html"

    def get_queryset(self):
        schools = School.objects.visible_to(self.request.user)
        return _counted(super().get_queryset()).prefetch_related(
            Prefetch("schools", queryset=schools), Prefetch("speakers", queryset=Speaker.objects.all())
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["may_record"] = enterable_schools(self.request.user).exists()
        return ctx


class EventView(ScopedDetailView):
    model = HealthEducationEvent
    template_name = "teaching/event.html"

    def get_queryset(self):
        return _counted(super().get_queryset()).select_related("county")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        event, user = self.object, self.request.user
        classes = (
            SchoolClass.objects.visible_to(user)
            .filter(health_events=event)
            .select_related("school", "grade")
            .annotate(
                students=Count(
                    "people",
                    filter=Q(people__category=PersonCategory.STUDENT, people__is_active=True),
                )
            )
            .order_by("school__code", "grade__level", "number")
        )
        by_school: dict = {}
        for klass in classes:
            by_school.setdefault(klass.school, []).append(klass)
        schools = event.schools.all().visible_to(user)
        ctx.update(
            speakers=event.speakers.all(),
            by_school=by_school.items(),
            schools=schools,
            other_schools=event.schools.count() - schools.count(),
            other_classes=event.n_classes - len(classes),
        )
        return ctx


class EventCreateView(LoginRequiredMixin, View):
    template_name = "teaching/event_form.html"

    def _county(self, request):
        return County.objects.visible_to(request.user).first() or (
            County.objects.filter(schools__in=enterable_schools(request.user)).first()
        )

    def _form(self, request, county, data=None):
        schools = enterable_schools(request.user)
        schools = schools.filter(county=county) if county else schools.none()
        return f.EventForm(
            data,
            schools=schools.order_by("code"),
            county_wide=county is not None and may_manage_county(request.user, county),
            initial={"date": timezone.localdate()},
        )

    def _render(self, request, form, county, status=200):
        ctx = {"form": form, "county": county, "may_record": form.fields["schools"].queryset.exists()}
        return render(request, self.template_name, ctx, status=status)

    def get(self, request):
        county = self._county(request)
        return self._render(request, self._form(request, county), county)

    def post(self, request):
        county = self._county(request)
        form = self._form(request, county, request.POST)
        if county is None:
            form.add_error(None, gettext("您没有可登记活动的学校"))
        if form.is_valid():
            data = form.cleaned_data
            county_wide = data.get("county_wide", False)
            schools = list(data["schools"])
            where = schools or (School.objects.filter(county=county) if county_wide else [])
            try:
                event = record_event(
                    county=county,
                    kind=data["kind"],
                    title=data["title"],
                    theme=data["theme"],
                    date=data["date"],
                    county_wide=county_wide,
                    schools=schools,
                    classes=classes_of(where, data["levels"]),
                    topics=data["topics"],
                    speakers=data["speakers"],
                    note=data["note"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, gettext("已登记：{event}").format(event=event))
                return redirect(event)
        return self._render(request, form, county, status=400)
