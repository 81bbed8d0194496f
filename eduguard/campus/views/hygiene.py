"""The disinfection and ventilation pages: the schools one works in with today's figure, and a
school's day (?date=) with each place's logs and compliance, and the forms to log and add places.

Schools are reached through `WorkplaceQuerySet.visible_to`: the schools one sees, and the schools
one works in through a grade or a class (see campus.managers)."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from eduguard.campus.forms import DisinfectionForm, PlaceForm, VentilationForm
from eduguard.campus.managers import WorkplaceQuerySet
from eduguard.campus.models import Place
from eduguard.campus.services.hygiene import (
    add_place,
    compliance,
    compliance_by_school,
    log_disinfection,
    log_ventilation,
    may_add_place,
    may_log,
)
from eduguard.campus.views.crumbs import school_crumbs
from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedDetailView, ScopedListView, ScopedQuerysetMixin
from eduguard.health.views.classroom import day_from
from eduguard.org.filters import parse_id
from eduguard.org.models import School

WORKPLACES = WorkplaceQuerySet(model=School).select_related("county", "grid")


class HygieneOverviewView(ScopedListView):
    """The schools one works in, each with today's places compliant / places."""

    model = School
    queryset = WORKPLACES.order_by("code")
    template_name = "campus/hygiene_overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        day = day_from(self.request)
        figures = compliance_by_school(self.object_list.values_list("id", flat=True), day)
        for school in ctx["object_list"]:
            school.hygiene = figures[school.pk]
        places, compliant = sum(f.total for f in figures.values()), sum(f.compliant for f in figures.values())
        ctx.update(day=day, places=places, compliant=compliant, failing=places - compliant)
        return ctx


def _places(user, school):
    return Place.objects.visible_to(user).filter(school=school).active().in_order()


class HygieneView(ScopedDetailView):
    """One school's day: places, their logs and compliance; the forms for those who may log."""

    model = School
    queryset = WORKPLACES
    template_name = "campus/hygiene.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        school, user = self.object, self.request.user
        day, today = day_from(self.request), timezone.localdate()
        places = _places(user, school)
        first = places.first()  # the role is held over the school, so one place stands for all
        now = timezone.localtime().strftime("%H:%M") if day == today else None
        initial = {"date": min(day, today), "time": now, "start": now}
        ctx.update(
            crumbs=school_crumbs(user, school, "消毒通风"),
            day=day,
            today=today,
            previous=day - dt.timedelta(days=1),
            following=day + dt.timedelta(days=1) if day < today else None,
            hygiene=compliance(school, day),
            # A refused log form is shown again even when no place is left to choose.
            may_log=kwargs.get("failed") in ("disinfection_form", "ventilation_form")
            or (first is not None and may_log(user, first, today)),
            may_add_place=may_add_place(user, school, today),
            # Head teachers reach this page but not the school's documents: no link to a 404.
            sees_documents=School.objects.visible_to(user).filter(pk=school.pk).exists(),
            disinfection_form=kwargs.get("disinfection_form")
            or DisinfectionForm(places=places, initial={**initial, "method": "chlorine"}),
            ventilation_form=kwargs.get("ventilation_form")
            or VentilationForm(places=places, initial=initial),
            place_form=kwargs.get("place_form") or PlaceForm(),
            failed=kwargs.get("failed"),
        )
        return ctx


class _HygieneAction(ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST to a school one works in; on refusal the school's day again with the form's errors, 400."""

    model = School
    queryset = WORKPLACES
    form_class = None
    context_name = ""

    def post(self, request, pk):
        self.object = school = self.get_object()
        form = self.make_form(request, school)
        if form.is_valid():
            try:
                message, day = self.act(school, form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect(f"{reverse('campus:hygiene', args=[school.pk])}?date={day.isoformat()}")
        view = HygieneView(request=request, kwargs=self.kwargs, object=school)
        ctx = view.get_context_data(object=school, failed=self.context_name, **{self.context_name: form})
        return render(request, HygieneView.template_name, ctx, status=400)

    def make_form(self, request, school):
        return self.form_class(request.POST)


class _LogAction(_HygieneAction):
    def make_form(self, request, school):
        places = _places(request.user, school)
        raw = request.POST.get("place")
        # A place that is not one of this school's places the user sees: not found, like a record
        # outside the scope (an inactive place of the school stays a form error).
        if (
            raw
            and not Place.objects.visible_to(request.user).filter(school=school, pk=parse_id(raw)).exists()
        ):
            raise Http404
        return self.form_class(request.POST, places=places)


class PlaceCreateView(_HygieneAction):
    form_class = PlaceForm
    context_name = "place_form"

    def act(self, school, data):
        place = add_place(school=school, actor=self.request.user, **data)
        return f"已添加处所“{place.name}”", day_from(self.request)


class DisinfectionCreateView(_LogAction):
    form_class = DisinfectionForm
    context_name = "disinfection_form"

    def act(self, school, data):
        log = log_disinfection(actor=self.request.user, **data)
        return f"已登记 {log.place.name} {log.time:%H:%M} 的消毒", log.date


class VentilationCreateView(_LogAction):
    form_class = VentilationForm
    context_name = "ventilation_form"

    def act(self, school, data):
        log = log_ventilation(actor=self.request.user, **data)
        return f"已登记 {log.place.name} {log.start:%H:%M} 起的通风", log.date
