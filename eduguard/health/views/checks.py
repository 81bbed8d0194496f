"""The class check page (a head teacher on a phone) and the school's check summary (the doctor)."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from eduguard.core.views import ScopedDetailView, ScopedQuerysetMixin
from eduguard.health.choices import AbsenceKind, CheckSession
from eduguard.health.forms.checks import FindingForm
from eduguard.health.models import HealthCheck, SickAbsence
from eduguard.health.services.check_summary import school_summary
from eduguard.health.services.checks import file_check, held_back, may_check, sessions_for, students_of
from eduguard.health.services.values import check_symptoms
from eduguard.health.views.classroom import ClassMixin, day_from
from eduguard.org.models import School


def _session(request, sessions: list[str], now: dt.datetime) -> str:
    """?session=, else the session whose time of day it is (noon from 12:00, evening from 18:00)."""
    asked = request.GET.get("session") or request.POST.get("session")
    if asked in sessions:
        return asked
    hour = timezone.localtime(now).hour
    guess = CheckSession.EVENING if hour >= 18 else CheckSession.NOON if hour >= 12 else CheckSession.MORNING
    return guess if guess in sessions else sessions[0]


class ClassCheckView(ClassMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """GET the check form for ?date=&session=; POST files it ("zero" files the zero report)."""

    template_name = "health/check_form.html"

    def setup_page(self, request):
        self.object = self.get_object()
        self.day = day_from(request)
        self.sessions = sessions_for(self.object, self.day) or [CheckSession.MORNING]
        self.session = _session(request, self.sessions, timezone.now())
        self.symptoms = check_symptoms(self.day)
        self.students = list(students_of(self.object))
        self.check = (
            HealthCheck.objects.visible_to(request.user)
            .filter(school_class=self.object, date=self.day, session=self.session)
            .first()
        )
        self.blocked = held_back([p.pk for p in self.students], self.day)

    def get(self, request, pk):
        self.setup_page(request)
        return self.render(self._forms(data=None))

    def post(self, request, pk):
        self.setup_page(request)
        zero = "zero" in request.POST  # the zero report: no rows are read
        forms = self._forms(data=None if zero else request.POST)
        if zero or all(f.is_valid() for f in forms):
            findings = [] if zero else [f.finding() for f in forms if f.person.pk not in self.blocked]
            try:
                check = file_check(
                    school_class=self.object,
                    day=self.day,
                    session=self.session,
                    findings=findings,
                    actor=request.user,
                )
            except ValidationError as exc:
                self.errors = exc.messages
            else:
                what = "零报告" if check.zero_report else f"{check.findings.count()}名学生有情况"
                messages.success(request, f"{self.object.name} {check.get_session_display()}已提交：{what}")
                url = reverse("health:class-check", args=[self.object.pk])
                return redirect(f"{url}?date={self.day.isoformat()}&session={self.session}")
        return self.render(forms, status=400)

    def _forms(self, data):
        """One form per student, filled from the filed check (or the student's open absence)."""
        filed = {f.person_id: f for f in self.check.findings.all()} if self.check else {}
        absences = SickAbsence.objects.visible_to(self.request.user).open().filter(person__in=self.students)
        absent = {a.person_id: a for a in absences}
        forms = []
        for person in self.students:
            initial = {}
            if person.pk in filed:
                f = filed[person.pk]
                initial = {
                    "absent": not f.present,
                    "absence_kind": f.absence_kind or AbsenceKind.UNKNOWN,
                    "temperature": f.temperature if f.temperature is not None else "",
                    "symptoms": f.symptoms,
                    "symptom_note": f.symptom_note,
                    "seen_doctor": f.seen_doctor,
                    "hospital": f.hospital,
                    "diagnosis": f.diagnosis,
                    "action": f.action,
                }
            elif person.pk in absent:
                initial = {"absent": True, "absence_kind": absent[person.pk].kind}
            form = FindingForm(data, person=person, symptoms=self.symptoms, initial=initial)
            form.open_absence = absent.get(person.pk)
            forms.append(form)
        return forms

    def render(self, forms, status=200):
        for form in forms:
            form.held_back = self.blocked.get(form.person.pk)
        ctx = {
            "object": self.object,
            "day": self.day,
            "session": self.session,
            "sessions": [(s, CheckSession(s).label) for s in self.sessions],
            "check": self.check,
            "forms": forms,
            "flagged": [f for f in forms if f.initial],
            "errors": getattr(self, "errors", []),
            "may_check": may_check(self.request.user, self.object),
        }
        return render(self.request, self.template_name, ctx, status=status)


class SchoolChecksView(ScopedDetailView):
    """The school's check summary for ?date= and the sick absences still lacking a certificate."""

    model = School
    template_name = "health/school_checks.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        day = day_from(self.request)
        user = self.request.user
        ctx.update(
            day=day,
            summary=school_summary(user, self.object, day),
            lacking=SickAbsence.objects.visible_to(user)
            .lacking_certificate()
            .filter(school=self.object)
            .select_related("person", "school_class"),
            unexplained=SickAbsence.objects.visible_to(user)
            .open()
            .filter(school=self.object, kind=AbsenceKind.UNKNOWN)
            .select_related("person", "school_class"),
        )
        return ctx
