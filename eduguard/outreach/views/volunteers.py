"""The volunteer pages: the figures per township with the briefing's sentence and the list of
volunteers, a volunteer (with the edit form), registering one, and the teams with their members.

Every list and record is read through `visible_to(request.user)`: outside the scope a record is a
plain 404. Forms offer only what the user sees in the unit they work on (a school, or the county
for the bureau); the services say who may write and whether the records fit together.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views import View

from eduguard.accounts.scope import role_names
from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedActionView, ScopedDetailView, ScopedListView
from eduguard.org.choices import PersonCategory
from eduguard.org.models import County, Person, School
from eduguard.outreach.forms.volunteers import MembersForm, TeamForm, VolunteerEditForm, VolunteerForm
from eduguard.outreach.models import Attendance, Shift, Volunteer, VolunteerTeam
from eduguard.outreach.services import volunteers as service
from eduguard.outreach.services.volunteer_totals import volunteer_sentence, volunteer_totals

PRESENT = Q(assignments__status=Attendance.PRESENT)


def unit_volunteers(user, unit: service.Unit):
    """The active volunteers of a unit the user sees: a school's, or all of a county's."""
    qs = Volunteer.objects.visible_to(user).filter(county=unit.county, active=True)
    if unit.school is not None:
        qs = qs.filter(school=unit.school)
    return qs.select_related("person").order_by("township", "id")


class UnitFormView(LoginRequiredMixin, View):
    """A page that creates a record in one of the units the user manages (?unit=, or the form's
    hidden field): GET shows the form, POST calls `create` and goes to the record, a refusal shows
    the form again with its messages (400). Nobody managing any unit gets 403."""

    template_name = ""

    def units(self) -> list[service.Unit]:
        units = service.managed_units(self.request.user)
        if not units:
            raise PermissionDenied(gettext("志愿服务由{roles}管理").format(roles=role_names(service.RULE)))
        return units

    def unit(self, units, key: str | None):
        if not key:
            return units[0]
        return next((u for u in units if u.key == key), None)

    def make_form(self, unit, data=None):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def create(self, unit, form):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def render_form(self, units, unit, form, status=200):
        ctx = {
            "form": form,
            "units": units,
            "unit": unit,
            "townships": service.known_townships([unit.county.pk]),
            **self.extra_context(unit),
        }
        return render(self.request, self.template_name, ctx, status=status)

    def extra_context(self, unit) -> dict:
        return {}

    def get(self, request):
        units = self.units()
        unit = self.unit(units, request.GET.get("unit")) or units[0]
        return self.render_form(units, unit, self.make_form(unit))

    def post(self, request):
        units = self.units()
        unit = self.unit(units, request.POST.get("unit") or "-")
        if unit is None:
            unit = units[0]
            form = self.make_form(unit, request.POST)
            form.is_valid()
            form.add_error(None, gettext("请选择你负责的单位"))
            return self.render_form(units, unit, form, status=400)
        form = self.make_form(unit, request.POST)
        if form.is_valid():
            try:
                obj, message = self.create(unit, form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect(obj.get_absolute_url())
        return self.render_form(units, unit, form, status=400)


def _scope_subject(user, sees_county: bool) -> str | None:
    """Who the sentence speaks for: the education system for the county, else the one school."""
    if sees_county:
        return None
    schools = list(School.objects.visible_to(user)[:2])
    return schools[0].name if len(schools) == 1 else ""


class VolunteerListView(ScopedListView):
    """The figures per township and in all, the sentence, and the volunteers (with filters)."""

    model = Volunteer
    template_name = "outreach/volunteers.html"

    def get_queryset(self):
        qs = (
            super()
            .get_queryset()
            .select_related("school", "person")
            .annotate(person_times=Count("assignments", filter=PRESENT))
        )
        g = self.request.GET
        school = g.get("school", "")
        if school == "bureau":
            qs = qs.filter(school__isnull=True)
        elif school.isdigit():
            qs = qs.filter(school_id=int(school))
        if g.get("township"):
            qs = qs.filter(township=g["township"])
        if g.get("kind") == "roster":
            qs = qs.filter(person__isnull=False)
        elif g.get("kind") == "outsider":
            qs = qs.filter(person__isnull=True)
        if g.get("status") == "active":
            qs = qs.filter(active=True)
        elif g.get("status") == "inactive":
            qs = qs.filter(active=False)
        q = (g.get("q") or "").strip()
        if q:
            qs = qs.filter(Q(name__icontains=q) | Q(person__name__icontains=q))
        return qs.order_by("school__code", "township", "id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        totals = volunteer_totals(user=user)
        sees_county = County.objects.visible_to(user).exists()
        ctx.update(
            totals=totals,
            sentence=volunteer_sentence(totals.total, _scope_subject(user, sees_county)),
            sees_county=sees_county,
            schools=School.objects.visible_to(user).order_by("code"),
            townships=[f.township for f in totals.rows],
            may_register=bool(service.managed_units(user)),
            tab="volunteers",
        )
        return ctx


class VolunteerCreateView(UnitFormView):
    template_name = "outreach/volunteer_new.html"

    def make_form(self, unit, data=None):
        people = (
            Person.objects.visible_to(self.request.user)
            .filter(county=unit.county, school=unit.school, is_active=True)
            .exclude(category=PersonCategory.STUDENT)
            .order_by("name", "id")
        )
        enrolled = set(Volunteer.objects.filter(person__in=people).values_list("person_id", flat=True))
        initial = {"unit": unit.key, "joined_on": timezone.localdate()}
        return VolunteerForm(data, people=people, enrolled=enrolled, initial=initial)

    def create(self, unit, data):
        roster = data["kind"] == "roster"
        volunteer = service.register_volunteer(
            unit=unit,
            person=data["person"] if roster else None,
            name="" if roster else data["name"],
            phone="" if roster else data["phone"],
            township=data["township"],
            skills=data["skills"],
            note=data["note"],
            joined_on=data["joined_on"],
            actor=self.request.user,
        )
        return volunteer, gettext("已登记志愿者：{name}").format(name=volunteer.display_name)


class VolunteerView(ScopedDetailView):
    model = Volunteer
    queryset = Volunteer.objects.select_related("school", "person", "county")
    template_name = "outreach/volunteer.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        v, user = self.object, self.request.user
        assignments = v.assignments.select_related("shift__team").order_by("-shift__starts_at")[:100]
        visible_shifts = set(
            Shift.objects.visible_to(user).filter(assignments__volunteer=v).values_list("id", flat=True)
        )
        initial = {
            "township": v.township,
            "skills": v.skills,
            "note": v.note,
            "active": v.active,
            "name": v.name,
        }
        ctx.update(
            assignments=assignments,
            visible_shifts=visible_shifts,
            person_times=v.assignments.filter(status=Attendance.PRESENT).count(),
            teams=VolunteerTeam.objects.visible_to(user).filter(members=v),
            may_manage=service.may_manage(user, service.unit_of(v)),
            edit_form=kwargs.get("edit_form") or VolunteerEditForm(initial=initial, outsider=v.is_outsider),
            townships=service.known_townships([v.county_id]),
            tab="volunteers",
        )
        return ctx


class VolunteerEditView(ScopedActionView):
    model = Volunteer
    form_class, context_name, detail_view = VolunteerEditForm, "edit_form", VolunteerView

    def get_form(self):
        return VolunteerEditForm(self.request.POST, outsider=self.object.is_outsider)

    def act(self, data) -> str:
        v = service.update_volunteer(volunteer=self.object, actor=self.request.user, **data)
        return gettext("已保存：{name}").format(name=v.display_name)


class TeamListView(ScopedListView):
    model = VolunteerTeam
    template_name = "outreach/volunteer_teams.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("school", "leader__person")
            .annotate(n_members=Count("members", distinct=True))
            .order_by("school__code", "township", "name")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(may_create=bool(service.managed_units(self.request.user)), tab="teams")
        return ctx


class TeamCreateView(UnitFormView):
    template_name = "outreach/volunteer_team_new.html"

    def make_form(self, unit, data=None):
        volunteers = unit_volunteers(self.request.user, unit)
        return TeamForm(data, volunteers=volunteers, initial={"unit": unit.key})

    def create(self, unit, data):
        team = service.create_team(
            unit=unit, actor=self.request.user, **{k: v for k, v in data.items() if k != "unit"}
        )
        return team, gettext("已建立服务队：{name}").format(name=team.name)


def _team_volunteers(user, team):
    return unit_volunteers(user, service.unit_of(team))


class TeamView(ScopedDetailView):
    model = VolunteerTeam
    queryset = VolunteerTeam.objects.select_related("school", "county", "leader__person")
    template_name = "outreach/volunteer_team.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        team, user = self.object, self.request.user
        may_manage = service.may_manage(user, service.unit_of(team))
        members = team.members.select_related("person", "school").order_by("township", "id")
        form = kwargs.get("members_form")
        if form is None and may_manage:
            form = MembersForm(
                volunteers=_team_volunteers(user, team),
                initial={"leader": team.leader_id, "members": list(members.values_list("id", flat=True))},
            )
        ctx.update(
            members=members,
            shifts=Shift.objects.visible_to(user).filter(team=team).order_by("-starts_at")[:30],
            may_manage=may_manage,
            members_form=form,
            tab="teams",
        )
        return ctx


class TeamMembersView(ScopedActionView):
    model = VolunteerTeam
    form_class, context_name, detail_view = MembersForm, "members_form", TeamView

    def get_form(self):
        return MembersForm(self.request.POST, volunteers=_team_volunteers(self.request.user, self.object))

    def act(self, data) -> str:
        team = service.set_members(
            team=self.object, members=data["members"], leader=data["leader"], actor=self.request.user
        )
        return gettext("已更新队员：共 {n} 人").format(n=team.members.count())
