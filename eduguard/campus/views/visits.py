"""Visitors and boarders' leave passes: a school's page of each (with the form to register a visit
or issue a pass), and the actions on one visit or pass. A refused action shows the page again with
the form's errors, status 400."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from eduguard.campus.gate_forms import (
    AdmitForm,
    ApproveForm,
    ConfirmForm,
    LeavePassForm,
    RefuseForm,
    SeeOutForm,
    VisitForm,
)
from eduguard.campus.managers import GatePagesSchoolQuerySet
from eduguard.campus.models import LeavePass, Visit, VisitStatus
from eduguard.campus.services import leave as leave_service
from eduguard.campus.services import visits as visit_service
from eduguard.campus.services.gate import may_work_gate
from eduguard.campus.views.crumbs import school_crumbs
from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedDetailView, ScopedQuerysetMixin
from eduguard.health.views.classroom import day_from
from eduguard.org.models import School

GATE_PAGES = GatePagesSchoolQuerySet(model=School).select_related("county", "grid")


class _SchoolPage(ScopedDetailView):
    model = School
    queryset = GATE_PAGES

    def post(self, request, pk):
        self.object = school = self.get_object()
        form = self.make_form(school)
        if form.is_valid():
            try:
                message = self.act(school, form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect(request.get_full_path())
        ctx = self.get_context_data(object=school, form=form)
        return render(request, self.template_name, ctx, status=400)


class VisitsView(_SchoolPage):
    """A school's visitors on a day: pending approvals, expected, inside, left and refused."""

    template_name = "campus/visits.html"

    def make_form(self, school):
        return VisitForm(self.request.POST or None, hosts=visit_service.hosts(school))

    def act(self, school, data) -> str:
        visit = visit_service.register_visit(school=school, data=data, actor=self.request.user)
        return f"已登记来访：{visit.name}（{visit.get_status_display()}）"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, school, day = self.request.user, self.object, day_from(self.request)
        visits = list(
            Visit.objects.visible_to(user)
            .filter(school=school, date=day)
            .select_related("host")
            .prefetch_related("approvals")
        )
        for v in visits:
            step = visit_service.next_step(v) if v.status == VisitStatus.PENDING else None
            v.step = step
            v.may_approve = visit_service.may_approve(user, v, step)
        ctx.update(
            crumbs=school_crumbs(user, school, "来访登记"),
            day=day,
            visits=visits,
            works_gate=may_work_gate(user, school),
            may_register=visit_service.may_register(user, school),
            form=kwargs.get("form")
            or VisitForm(hosts=visit_service.hosts(school), initial={"date": day, "host": user.pk}),
            chain=visit_service.chain(day),
            admit_form=AdmitForm(),
            out_form=SeeOutForm(),
            refuse_form=RefuseForm(),
        )
        return ctx


class _VisitAction(ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST about one visit; on refusal the school's visitors page with the errors, 400."""

    model = Visit
    form_class = None

    def post(self, request, pk):
        self.object = visit = self.get_object()
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                message = self.act(visit, form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, message)
                url = reverse("campus:visits", args=[visit.school_id])
                return redirect(f"{url}?date={visit.date.isoformat()}")
        page = VisitsView(request=request, kwargs={"pk": visit.school_id})
        page.object = visit.school
        ctx = page.get_context_data(object=visit.school, action_errors=form.errors, failed=visit.pk)
        ctx["action_form"] = form
        ctx["failed_visit"] = visit.pk
        return render(request, VisitsView.template_name, ctx, status=400)


class VisitApproveView(_VisitAction):
    form_class = ApproveForm

    def act(self, visit, data) -> str:
        approve = data["decision"] == "approve"
        visit = visit_service.decide_visit(
            visit=visit, approve=approve, note=data["note"], actor=self.request.user
        )
        return f"{visit.name}：{visit.get_status_display()}"


class VisitAdmitView(_VisitAction):
    form_class = AdmitForm

    def act(self, visit, data) -> str:
        visit = visit_service.admit(
            visit=visit,
            temperature=data["temperature"],
            code_colour=data["code_colour"],
            id_checked=data["id_checked"],
            method=data["method"],
            actor=self.request.user,
        )
        if visit.status == VisitStatus.REFUSED:
            return f"{visit.name} 拒绝入校：{visit.refused_reason}"
        return f"{visit.name} 已入校"


class VisitLeaveView(_VisitAction):
    form_class = SeeOutForm

    def act(self, visit, data) -> str:
        at = None
        if data["left_at"] is not None:
            at = timezone.make_aware(dt.datetime.combine(timezone.localdate(), data["left_at"]))
        visit = visit_service.see_out(visit=visit, actor=self.request.user, at=at)
        return f"{visit.name} 已离校（{timezone.localtime(visit.left_at):%H:%M}）"


class VisitRefuseView(_VisitAction):
    form_class = RefuseForm

    def act(self, visit, data) -> str:
        visit = visit_service.refuse(visit=visit, reason=data["reason"], actor=self.request.user)
        return f"{visit.name} 拒绝入校：{visit.refused_reason}"


class LeavePassesView(_SchoolPage):
    """A school's leave passes (those one sees): in use, overdue, recent; and the issue form."""

    template_name = "campus/leave_passes.html"

    def make_form(self, school):
        return LeavePassForm(self.request.POST or None, boarders=self._boarders(school))

    def _boarders(self, school):
        return leave_service.boarders(self.request.user).filter(school=school).select_related("school_class")

    def act(self, school, data) -> str:
        leave = leave_service.issue_pass(actor=self.request.user, **data)
        return f"已签发离校单：{leave.person.name}"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, school = self.request.user, self.object
        since = timezone.localdate() - dt.timedelta(days=7)
        passes = (
            LeavePass.objects.visible_to(user)
            .filter(school=school, leaves_on__gte=since)
            .select_related("person__school_class", "issued_by")
        )
        boarders = self._boarders(school)
        ctx.update(
            crumbs=school_crumbs(user, school, "离校单"),
            passes=passes,
            overdue={p.pk for p in leave_service.overdue(passes)},
            may_issue=boarders.exists(),
            form=kwargs.get("form")
            or LeavePassForm(boarders=boarders, initial={"leaves_on": timezone.localdate()}),
        )
        return ctx


class LeavePassCancelView(ScopedQuerysetMixin, SingleObjectMixin, View):
    model = LeavePass

    def post(self, request, pk):
        leave = self.get_object()
        try:
            if not ConfirmForm(request.POST).is_valid():
                raise ValidationError("请点击“作废”按钮确认")
            leave_service.cancel_pass(leave=leave, actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            page = LeavePassesView(request=request, kwargs={"pk": leave.school_id})
            page.object = leave.school
            ctx = page.get_context_data(object=leave.school)
            return render(request, LeavePassesView.template_name, ctx, status=400)
        messages.success(request, f"已作废 {leave.person.name} 的离校单")
        return redirect(reverse("campus:leave-passes", args=[leave.school_id]))
