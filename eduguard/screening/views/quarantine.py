"""Quarantine pages: the list of open periods, opening one for a person, the period's page with its
day-by-day observation, recording an observation, the release, and the release document."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.models import AccessAction
from eduguard.audit.services import record_access
from eduguard.core.forms import add_errors
from eduguard.core.rules import get_rule
from eduguard.core.views import ScopedActionView, ScopedDetailView, ScopedListView, ScopedQuerysetMixin
from eduguard.org.filters import parse_id
from eduguard.org.models import Person
from eduguard.screening.forms import ObservationForm, QuarantineForm, ReleaseForm
from eduguard.screening.models import Quarantine
from eduguard.screening.models.quarantine import QuarantineState
from eduguard.screening.services.entry import entry_status
from eduguard.screening.services.quarantine import (
    observed_days,
    open_quarantine,
    record_observation,
    release_quarantine,
)

QUARANTINES = Quarantine.objects.select_related("person", "school", "school_class", "category", "released_by")


class QuarantineListView(ScopedListView):
    """Open periods in scope (?all=1: every period, released ones too), each with its day count."""

    model = Quarantine
    queryset = QUARANTINES
    template_name = "screening/quarantines.html"

    def get_queryset(self):
        qs = super().get_queryset()
        return qs if self.request.GET.get("all") else qs.filter(released_on__isnull=True)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for q in ctx["object_list"]:
            q.state = QuarantineState(q.state_on(today))
            q.today_number = q.day_number(today)
        ctx.update(today=today, showing_all=bool(self.request.GET.get("all")))
        return ctx


def _person_from(request) -> Person:
    pk = parse_id(request.GET.get("person"))
    if pk is None:
        raise Http404
    return get_object_or_404(Person.objects.visible_to(request.user).select_related("school_class"), pk=pk)


class QuarantineCreateView(LoginRequiredMixin, View):
    """GET the form for ?person=ID; POST opens the period (400 with the reasons when refused)."""

    template_name = "screening/quarantine_form.html"

    def get(self, request):
        person = _person_from(request)
        initial = {"started_on": timezone.localdate()}
        return self.render(person, QuarantineForm(initial=initial, county=person.county_id))

    def post(self, request):
        person = _person_from(request)
        form = QuarantineForm(request.POST, county=person.county_id)
        if form.is_valid():
            try:
                quarantine = open_quarantine(person=person, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已登记 {person.name} 的{quarantine.get_kind_display()}")
                return redirect("screening:quarantine", quarantine.pk)
        return self.render(person, form, status=400)

    def render(self, person, form, status=200):
        return render(self.request, self.template_name, {"person": person, "form": form}, status=status)


class QuarantineDetailView(ScopedDetailView):
    model = Quarantine
    queryset = QUARANTINES
    template_name = "screening/quarantine.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        q, user, today = self.object, self.request.user, timezone.localdate()
        ctx.update(
            today=today,
            state=QuarantineState(q.state_on(today)),
            today_number=q.day_number(today),
            days=observed_days(q, user, today),
            entry=entry_status(q.person, user, today),
            may_act=holds_role_over(user, get_rule("screening.quarantine_roles", today), q.person),
            may_release_early=holds_role_over(
                user, get_rule("screening.early_release_roles", today), q.person
            ),
            early_roles=role_names("screening.early_release_roles", today),
            observation_form=kwargs.get("observation_form")
            or ObservationForm(initial={"day": min(today, q.ends_on)}),
            release_form=kwargs.get("release_form")
            or ReleaseForm(initial={"released_on": max(min(today, q.clears_on), q.started_on)}),
        )
        return ctx


class _QuarantineAction(ScopedActionView):
    model = Quarantine
    queryset = QUARANTINES
    detail_view = QuarantineDetailView

    def get_success_url(self) -> str:
        return reverse("screening:quarantine", args=[self.object.pk])


class ObserveView(_QuarantineAction):
    form_class = ObservationForm
    context_name = "observation_form"

    def act(self, data) -> str:
        obs = record_observation(quarantine=self.object, actor=self.request.user, **data)
        return f"已记录 {obs.day:%m月%d日} 的健康观察"


class ReleaseView(_QuarantineAction):
    form_class = ReleaseForm
    context_name = "release_form"

    def act(self, data) -> str:
        q = release_quarantine(quarantine=self.object, actor=self.request.user, **data)
        return f"{q.person.name} 已于 {q.released_on:%m月%d日} 解除{q.get_kind_display()}"


class ReleaseDocumentView(ScopedQuerysetMixin, SingleObjectMixin, View):
    """The release document's scan, to people who can see the period; each opening is logged."""

    model = Quarantine

    def get(self, request, pk):
        q = self.get_object()
        if not q.release_file:
            raise Http404
        record_access(
            actor=request.user,
            action=AccessAction.VIEW,
            obj=q,
            detail={"what": "release_file"},
            request=request,
        )
        return FileResponse(q.release_file.open("rb"), filename=q.release_file.name.rsplit("/", 1)[-1])
