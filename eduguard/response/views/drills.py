"""The emergency drill pages: the county's overview of each school's drills this term, a school's
drills with the required scenarios done or missing and the form to record one, and a drill's file.

Schools are reached through `School.objects.visible_to`, drills through `Drill.objects.visible_to`:
outside the scope a school or a drill is a plain 404. Who may record is the service's to say.
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext

from eduguard.accounts.scope import role_names
from eduguard.core.views import ScopedActionView, ScopedDetailView, ScopedListView, StoredFileView
from eduguard.org.models import School
from eduguard.org.views import school_crumbs
from eduguard.response.forms import DrillForm
from eduguard.response.models import Drill
from eduguard.response.services.drills import (
    default_since,
    may_record,
    record_drill,
    required_scenarios,
    scenario_label,
    summary_by_school,
)

SCHOOLS = School.objects.select_related("county", "grid")
DRILLS = Drill.objects.select_related("school", "recorded_by")


def since_from(request) -> dt.date:
    """?since=YYYY-MM-DD, DEFAULT_PERIOD ago when absent or not a date; never after today."""
    today = timezone.localdate()
    try:
        day = parse_date(request.GET.get("since") or "")
    except ValueError:
        day = None
    if day is None or not 1900 <= day.year <= 2999:
        return default_since(today)
    return min(day, today)


class DrillOverviewView(ScopedListView):
    """Each school in scope with its drills since ?since= and the required scenarios it lacks."""

    model = School
    queryset = SCHOOLS.order_by("code")
    template_name = "response/drill_overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        since = since_from(self.request)
        required = required_scenarios()
        figures = summary_by_school(self.object_list.values_list("id", flat=True), since, required)
        for school in ctx["object_list"]:
            school.drill_summary = figures[school.pk]
        complete = sum(1 for f in figures.values() if not f.missing)
        ctx.update(
            since=since,
            today=timezone.localdate(),
            schools=len(figures),
            complete=complete,
            incomplete=len(figures) - complete,
            drills=sum(f.count for f in figures.values()),
            required_labels=[scenario_label(code) for code in required],
        )
        return ctx


class SchoolDrillsView(ScopedDetailView):
    """A school's drills, newest first; the required scenarios done since ?since= or missing; and
    the form to record a drill for those who may."""

    model = School
    queryset = SCHOOLS
    template_name = "response/drills.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        school, user = self.object, self.request.user
        today, since = timezone.localdate(), since_from(self.request)
        form = kwargs.get("form")
        ctx.update(
            crumbs=school_crumbs(user, school, gettext("应急演练")),
            today=today,
            since=since,
            summary=summary_by_school([school.pk], since)[school.pk],
            drills=DRILLS.visible_to(user).filter(school=school).order_by("-held_on", "-id"),
            # A refused form is shown again with its errors, whoever sent it.
            may_record=form is not None or may_record(user, school, today),
            record_roles=role_names("response.drill_roles", today),
            form=form or DrillForm(initial={"held_on": today}),
        )
        return ctx


class DrillCreateView(ScopedActionView):
    """POST one drill of a school in scope: 403 without the role (like the campus upload), 400
    with the form's errors and nothing written for bad input."""

    model = School
    queryset = SCHOOLS
    form_class = DrillForm
    context_name = "form"
    detail_view = SchoolDrillsView

    def act(self, data) -> str:
        drill = record_drill(
            school=self.object,
            scenario=data["scenario"],
            held_on=data["held_on"],
            participants=data["participants"],
            problems=data["problems"],
            improvements=data["improvements"],
            file=data["file"] or None,
            actor=self.request.user,
        )
        return gettext("已登记 {day} 的“{scenario}”演练（{n} 人参加）").format(
            day=drill.held_on.isoformat(), scenario=drill.get_scenario_display(), n=drill.participants
        )

    def get_success_url(self) -> str:
        return reverse("response:drills", args=[self.object.pk])


class DrillFileView(StoredFileView):
    """A drill's photo or PDF, to people who can see the school's drills; each opening is logged."""

    model = Drill
    queryset = DRILLS

    def download_name(self, drill, ext):
        return f"{drill.school.code}-{drill.get_scenario_display()}-{drill.held_on.isoformat()}{ext}"
