"""The duty shifts and activities of the volunteers: the lists, planning a shift with its
volunteers, the shift's page where its team leader (or a manager) marks who came, and recording
an activity with its counts. Read through `visible_to`; the services judge every write."""

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from eduguard.core.views import ScopedActionView, ScopedDetailView, ScopedListView
from eduguard.outreach.forms.volunteers import ActivityForm, AttendanceForm, ShiftForm
from eduguard.outreach.models import Attendance, Shift, ShiftAssignment, VolunteerActivity, VolunteerTeam
from eduguard.outreach.services import volunteer_shifts as shifts_service
from eduguard.outreach.services import volunteers as service
from eduguard.outreach.views.volunteers import UnitFormView, unit_volunteers

RECENT_ACTIVITIES = dt.timedelta(days=60)


def unit_teams(user, unit: service.Unit):
    return (
        VolunteerTeam.objects.visible_to(user)
        .filter(county=unit.county, school=unit.school)
        .order_by("township", "name")
    )


def _count_of(rows) -> Subquery:
    return Coalesce(
        Subquery(rows.order_by().annotate(n=Count("id")).values("n")[:1]), 0, output_field=IntegerField()
    )


def with_person_times(activities):
    """Each activity with `n_shifts`, `attended` and `person_times` (attended when it has shifts,
    else the figure entered), by subqueries so its own rows are not multiplied by a join."""
    shifts = Shift.objects.filter(activity=OuterRef("pk")).values("activity")
    attended = ShiftAssignment.objects.filter(
        shift__activity=OuterRef("pk"), status=Attendance.PRESENT
    ).values("shift__activity")
    return activities.annotate(n_shifts=_count_of(shifts), attended=_count_of(attended))


def _default_times(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.localtime(now).replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    return start, start + dt.timedelta(hours=4)


class ShiftListView(ScopedListView):
    model = Shift
    template_name = "outreach/volunteer_shifts.html"

    def get_queryset(self):
        qs = (
            super()
            .get_queryset()
            .select_related("team", "school")
            .annotate(
                n_assigned=Count("assignments", distinct=True),
                n_present=Count(
                    "assignments", filter=Q(assignments__status=Attendance.PRESENT), distinct=True
                ),
            )
        )
        when, now = self.request.GET.get("when"), timezone.now()
        qs = qs.order_by("-starts_at", "-id")  # an aggregate drops Meta.ordering
        if when == "upcoming":
            qs = qs.filter(ends_at__gt=now).order_by("starts_at", "id")
        elif when == "past":
            qs = qs.filter(ends_at__lte=now)
        if self.request.GET.get("township"):
            qs = qs.filter(township=self.request.GET["township"])
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(may_plan=bool(service.managed_units(self.request.user)), tab="shifts", now=timezone.now())
        return ctx


class ShiftCreateView(UnitFormView):
    """Plan a shift; ?team= narrows the volunteers offered to that team's members."""

    template_name = "outreach/volunteer_shift_new.html"

    def _team(self, unit, data):
        key = (data or {}).get("team") or self.request.GET.get("team")
        return (
            unit_teams(self.request.user, unit).filter(pk=key).first() if str(key or "").isdigit() else None
        )

    def make_form(self, unit, data=None):
        user = self.request.user
        team = self._team(unit, data)
        volunteers = unit_volunteers(user, unit)
        if team is not None and data is None:
            volunteers = volunteers.filter(teams=team)
        activities = VolunteerActivity.objects.visible_to(user).filter(
            county=unit.county,
            school=unit.school,
            entered_person_times=0,
            date__gte=timezone.localdate() - RECENT_ACTIVITIES,
        )
        start, end = _default_times(timezone.now())
        initial = {"unit": unit.key, "team": team, "starts_at": start, "ends_at": end}
        if team is not None and team.township:
            initial["township"] = team.township
        return ShiftForm(
            data,
            teams=unit_teams(user, unit),
            activities=activities.order_by("-date", "-id")[:50],
            volunteers=volunteers,
            initial=initial,
        )

    def extra_context(self, unit) -> dict:
        return {"teams": unit_teams(self.request.user, unit), "team": self._team(unit, None), "tab": "shifts"}

    def create(self, unit, data):
        shift = shifts_service.plan_shift(
            unit=unit, actor=self.request.user, **{k: v for k, v in data.items() if k != "unit"}
        )
        return shift, gettext("已排班：{shift}，{n} 人").format(shift=shift, n=len(data["volunteers"]))


class ShiftView(ScopedDetailView):
    model = Shift
    queryset = Shift.objects.select_related("team__leader__person", "school", "county", "activity")
    template_name = "outreach/volunteer_shift.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        shift, user, now = self.object, self.request.user, timezone.now()
        assignments = list(
            shift.assignments.select_related("volunteer__person", "volunteer__school").order_by("id")
        )
        may_mark = shifts_service.may_mark(user, shift)
        form = kwargs.get("attendance_form")
        if form is None and may_mark:
            marked = [str(a.volunteer_id) for a in assignments if a.status == Attendance.PRESENT]
            form = AttendanceForm(assignments=assignments, initial={"present": marked})
        ctx.update(
            assignments=assignments,
            present=sum(1 for a in assignments if a.status == Attendance.PRESENT),
            may_mark=may_mark,
            started=shift.starts_at <= now,
            attendance_form=form,
            tab="shifts",
        )
        return ctx


class AttendanceView(ScopedActionView):
    model = Shift
    form_class, context_name, detail_view = AttendanceForm, "attendance_form", ShiftView

    def get_form(self):
        rows = self.object.assignments.select_related("volunteer__person").order_by("id")
        return AttendanceForm(self.request.POST, assignments=rows)

    def act(self, data) -> str:
        came = shifts_service.mark_attendance(
            shift=self.object, present=data["present"], actor=self.request.user
        )
        return gettext("已登记到岗 {n} 人").format(n=came)


class ActivityListView(ScopedListView):
    model = VolunteerActivity
    template_name = "outreach/volunteer_activities.html"

    def get_queryset(self):
        qs = with_person_times(super().get_queryset().select_related("team", "school"))
        if self.request.GET.get("township"):
            qs = qs.filter(township=self.request.GET["township"])
        return qs.order_by("-date", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(may_record=bool(service.managed_units(self.request.user)), tab="activities")
        return ctx


class ActivityCreateView(UnitFormView):
    template_name = "outreach/volunteer_activity_new.html"

    def make_form(self, unit, data=None):
        initial = {
            "unit": unit.key,
            "date": timezone.localdate(),
            "banners": 0,
            "leaflets": 0,
            "persuaded": 0,
        }
        return ActivityForm(data, teams=unit_teams(self.request.user, unit), initial=initial)

    def extra_context(self, unit) -> dict:
        return {"tab": "activities"}

    def create(self, unit, data):
        activity = shifts_service.record_activity(
            unit=unit, actor=self.request.user, **{k: v for k, v in data.items() if k != "unit"}
        )
        return activity, gettext("已登记活动：{activity}").format(activity=activity)


class ActivityView(ScopedDetailView):
    model = VolunteerActivity
    queryset = VolunteerActivity.objects.select_related("team", "school", "county")
    template_name = "outreach/volunteer_activity.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        a, user = self.object, self.request.user
        shifts = (
            Shift.objects.visible_to(user)
            .filter(activity=a)
            .annotate(n_present=Count("assignments", filter=Q(assignments__status=Attendance.PRESENT)))
            .order_by("starts_at")
        )
        attended = ShiftAssignment.objects.filter(shift__activity=a, status=Attendance.PRESENT).count()
        has_shifts = Shift.objects.filter(activity=a).exists()
        ctx.update(
            shifts=shifts,
            person_times=attended if has_shifts else a.entered_person_times,
            has_shifts=has_shifts,
            tab="activities",
        )
        return ctx
