"""The gate screen and what it talks to, the gate's day log, the county's gate overview, and the
printable gate cards.

The screen (template campus/gate.html + static campus/gate.js) loads the school's gate roster
once (JSON), finds people on the device (card scan, name, pinyin initials, last ID digits),
shows the decision at once, and posts each passage with a client id. While the network is down
it decides from the roster and keeps the entries on the device; they are sent when it is back,
and the client id makes a re-sent entry count once."""

import json

import segno
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from eduguard.audit.models import AccessAction
from eduguard.audit.services import record_access
from eduguard.campus.managers import GateLogSchoolQuerySet, GateSchoolQuerySet
from eduguard.campus.models import GateDecision, GateEntry, LeavePass, Visit, VisitStatus
from eduguard.campus.services.gate import card_token, flag, gate_schools, record_entry, roster
from eduguard.campus.services.gate_stats import gate_days, total
from eduguard.campus.services.leave import overdue
from eduguard.campus.views.crumbs import school_crumbs
from eduguard.core.views import ScopedDetailView, ScopedListView, ScopedQuerysetMixin
from eduguard.health.views.classroom import day_from
from eduguard.org.choices import PersonCategory
from eduguard.org.models import School, SchoolClass

GATES = GateSchoolQuerySet(model=School).select_related("county")
GATE_LOGS = GateLogSchoolQuerySet(model=School).select_related("county", "grid")


class GateScreenView(ScopedDetailView):
    """The guard's screen for one school's gate (tablet or phone)."""

    model = School
    queryset = GATES
    template_name = "campus/gate.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        school = self.object
        ctx.update(
            roster_url=reverse("campus:gate-roster", args=[school.pk]),
            entry_url=reverse("campus:gate-entry", args=[school.pk]),
            visitors_inside=Visit.objects.visible_to(self.request.user)
            .filter(school=school, status=VisitStatus.INSIDE)
            .count(),
            day=timezone.localdate(),
        )
        return ctx


class GateRosterView(ScopedQuerysetMixin, SingleObjectMixin, View):
    """GET: the day's gate roster of the school as JSON, for the screen to keep on the device."""

    model = School
    queryset = GATES

    def get(self, request, pk):
        school = self.get_object()
        response = JsonResponse(
            roster(school, timezone.localdate()), json_dumps_params={"ensure_ascii": False}
        )
        response["Cache-Control"] = "no-store"  # names and statuses: never kept by a proxy
        return response


class GateEntryView(ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST one passage (JSON or a form): 201 stored, 200 already stored (a re-sent offline entry),
    400 with {field: [messages]} and nothing stored."""

    model = School
    queryset = GATES

    def post(self, request, pk):
        school = self.get_object()
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body or b"{}")
            except (ValueError, RecursionError):  # RecursionError: absurdly nested JSON
                return JsonResponse({"__all__": ["请求内容不是有效的 JSON"]}, status=400)
            if not isinstance(data, dict):
                return JsonResponse({"__all__": ["请求内容应为一个对象"]}, status=400)
        else:
            data = {**request.POST.dict(), "symptoms": request.POST.getlist("symptoms")}
        try:
            entry, created = record_entry(
                school=school, data=data, operator=request.user, offline=flag(data.get("offline"))
            )
        except ValidationError as exc:
            return JsonResponse(exc.message_dict, status=400, json_dumps_params={"ensure_ascii": False})
        return JsonResponse(
            _entry_json(entry), status=201 if created else 200, json_dumps_params={"ensure_ascii": False}
        )


def _entry_json(entry: GateEntry) -> dict:
    return {
        "id": entry.pk,
        "client_id": str(entry.client_id),
        "person": entry.person_id,
        "direction": entry.direction,
        "at": entry.at.isoformat(),
        "decision": entry.decision,
        "decision_label": GateDecision(entry.decision).label,
        "reasons": entry.reasons,
        "fever_event": entry.fever_event_id,
    }


class GateLogView(ScopedDetailView):
    """One school's gate on a day: figures, the refused with reasons, all passages, visitors."""

    model = School
    queryset = GATE_LOGS
    template_name = "campus/gate_log.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, school, day = self.request.user, self.object, day_from(self.request)
        from eduguard.campus.services.gate_stats import day_bounds

        start, end = day_bounds(day)
        entries = (
            GateEntry.objects.visible_to(user)
            .filter(school=school, at__gte=start, at__lt=end)
            .select_related("person__school_class", "operator")
        )
        ctx.update(
            crumbs=school_crumbs(user, school, "校门登记"),
            day=day,
            figures=gate_days([school.pk], day)[school.pk],
            refused=entries.exclude(decision=GateDecision.ALLOW),
            entries=entries[:300],
            visits=Visit.objects.visible_to(user).filter(school=school, date=day).select_related("host"),
            overdue=overdue(LeavePass.objects.visible_to(user).filter(school=school)).select_related(
                "person"
            ),
            works_gate=gate_schools(user).filter(pk=school.pk).exists(),
        )
        return ctx


class GateOverviewView(ScopedListView):
    """The schools whose gates one sees, with the day's figures; and the gates one works."""

    model = School
    queryset = GATE_LOGS.order_by("code")
    template_name = "campus/gate_overview.html"
    paginate_by = 100

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        day = day_from(self.request)
        figures = gate_days(self.object_list.values_list("id", flat=True), day)
        for school in ctx["object_list"]:
            school.gate = figures[school.pk]
        ctx.update(day=day, total=total(figures), my_gates=gate_schools(self.request.user).order_by("code"))
        return ctx


def _cards(people) -> list[dict]:
    return [
        {
            "name": p.name,
            "klass": p.school_class.name if p.school_class_id else p.get_category_display(),
            "qr": segno.make(card_token(p.pk), error="m").svg_inline(scale=3),
        }
        for p in people
    ]


class ClassCardsView(ScopedDetailView):
    """Printable gate cards (name, class, QR code) for a class's students."""

    model = SchoolClass
    queryset = SchoolClass.objects.select_related("school", "grade")
    template_name = "campus/gate_cards.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        people = self.object.people.filter(is_active=True).order_by("name")
        ctx.update(title=f"{self.object.school.name} {self.object.name}", cards=_cards(people))
        _log_cards(self.request, self.object, ctx["cards"])
        return ctx


class StaffCardsView(ScopedDetailView):
    """Printable gate cards for a school's staff and temporary workers."""

    model = School
    template_name = "campus/gate_cards.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        people = self.object.people.filter(is_active=True).exclude(category=PersonCategory.STUDENT)
        ctx.update(title=f"{self.object.name} 教职工", cards=_cards(people.order_by("name")))
        _log_cards(self.request, self.object, ctx["cards"])
        return ctx


def _log_cards(request, unit, cards) -> None:
    """A sheet of named entry credentials is an export of named data: it goes in the access log."""
    detail = {"what": "gate cards", "rows": len(cards)}
    record_access(actor=request.user, action=AccessAction.EXPORT, obj=unit, detail=detail, request=request)
