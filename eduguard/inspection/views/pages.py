"""The supervision pages: batches and their readiness boards, a school's inspections, fixes and
acceptance, and one inspection filled in item by item (on an inspector's phone)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedDetailView, ScopedListView, ScopedQuerysetMixin
from eduguard.inspection.forms import (
    ApproveForm,
    CloseForm,
    OpenForm,
    PostingForm,
    ResultForm,
    StartForm,
    SubmitForm,
)
from eduguard.inspection.models import (
    Batch,
    ChecklistTemplate,
    Inspection,
    MedicalPosting,
    Rectification,
    ReopeningPlan,
    Team,
)
from eduguard.inspection.services import acceptance, plans, postings
from eduguard.inspection.services import inspections as service
from eduguard.inspection.services.tutoring import may_handle
from eduguard.org.models import School
from eduguard.org.views import school_crumbs


class BatchesView(ScopedListView):
    model = Batch
    template_name = "inspection/batches.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        schools = School.objects.visible_to(self.request.user)
        for batch in ctx["object_list"]:
            mine = schools.filter(batches=batch)
            batch.n_schools = mine.count()
            batch.n_approved = mine.filter(opening__isnull=False).count()
            batch.n_open = mine.filter(opening__opened_on__isnull=False).count()
        ctx["may_handle_cases"] = may_handle(self.request.user)
        return ctx


class BoardView(ScopedDetailView):
    """A batch's readiness board: each school the user sees, what still blocks it, its approval."""

    model = Batch
    template_name = "inspection/board.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = acceptance.board(self.object, School.objects.visible_to(self.request.user))
        ctx.update(
            rows=rows, ready=sum(r.ready for r in rows), approved=sum(r.approval is not None for r in rows)
        )
        return ctx


def _start_form(user, school, data=None):
    teams = service.teams_of(user, school) if not user.is_superuser else Team.objects.filter(schools=school)
    templates = ChecklistTemplate.objects.in_force(timezone.localdate())
    return StartForm(data, templates=templates, teams=teams, initial={"date": timezone.localdate()})


class SchoolView(ScopedDetailView):
    """A school's supervision: readiness, inspections, fixes, and the forms for those who may act."""

    model = School
    template_name = "inspection/school.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, school = self.request.user, self.object
        batches = Batch.objects.filter(schools=school)
        ctx.update(
            crumbs=school_crumbs(user, school, "督导验收"),
            readiness=acceptance.readiness(school),
            inspections=Inspection.objects.visible_to(user)
            .filter(school=school)
            .select_related("team", "template"),
            fixes=Rectification.objects.visible_to(user)
            .filter(school=school)
            .select_related("result__inspection"),
            batches=batches,
            start_form=kwargs.get("start_form") or _start_form(user, school),
            may_start=service.may_start(user, school),
            may_approve=acceptance.may_approve(user, school),
            approve_form=kwargs.get("approve_form")
            or ApproveForm(batches=batches, initial={"batch": batches.first()}),
            open_form=kwargs.get("open_form") or OpenForm(initial={"day": timezone.localdate()}),
            close_form=CloseForm(),
            plans=ReopeningPlan.objects.filter(school=school).order_by("-version")[:5],
            may_submit_plan=plans.may_submit(user, school),
            postings=MedicalPosting.objects.filter(school=school),
            may_post=postings.may_post(user, school),
            posting_form=kwargs.get("posting_form") or _posting_form(school),
            failed_fix=kwargs.get("failed_fix"),
            close_errors=kwargs.get("close_errors"),
        )
        return ctx


def _posting_form(school):
    day = postings.opening_day(school, timezone.localdate())
    return PostingForm(initial={"starts_on": day, "role": "doctor"})


class _SchoolAction(ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST about a school in scope; on refusal its page again with the form's errors, 400."""

    model = School
    form_name = ""

    def post(self, request, pk):
        self.object = school = self.get_object()
        form = self.make_form(school)
        if form.is_valid():
            try:
                message, url = self.act(school, form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect(url)
        page = SchoolView(request=request, kwargs=self.kwargs, object=school)
        ctx = page.get_context_data(object=school, **{self.form_name: form})
        return render(request, SchoolView.template_name, ctx, status=400)


class StartView(_SchoolAction):
    form_name = "start_form"

    def make_form(self, school):
        return _start_form(self.request.user, school, self.request.POST)

    def act(self, school, data):
        inspection = service.start_inspection(school=school, actor=self.request.user, **data)
        return f"已开始{inspection.get_kind_display()}", inspection.get_absolute_url()


class ApproveView(_SchoolAction):
    form_name = "approve_form"

    def make_form(self, school):
        return ApproveForm(self.request.POST, batches=Batch.objects.filter(schools=school))

    def act(self, school, data):
        acceptance.approve_opening(school=school, batch=data["batch"], actor=self.request.user)
        return f"{school.name} 达到开学条件", reverse("inspection:school", args=[school.pk])


class OpenView(_SchoolAction):
    form_name = "open_form"

    def make_form(self, school):
        return OpenForm(self.request.POST)

    def act(self, school, data):
        acceptance.mark_open(school=school, day=data["day"], actor=self.request.user)
        return f"{school.name} 已登记开学", reverse("inspection:school", args=[school.pk])


class InspectionView(ScopedDetailView):
    """One inspection, item by item: the result of each, and the forms while it is a draft."""

    model = Inspection
    queryset = Inspection.objects.select_related("school", "team", "template")
    template_name = "inspection/inspection.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        inspection, user = self.object, self.request.user
        results = {r.item_id: r for r in inspection.results.select_related("by")}
        failed = kwargs.get("result_form")
        rows = []
        for item in inspection.template.items.all():
            result = results.get(item.pk)
            form = failed if failed is not None and failed.prefix == f"i{item.pk}" else None
            initial = {"item": item.pk}
            if result:
                initial.update(outcome=result.outcome, deadline=result.deadline, note=result.note)
            rows.append(
                {
                    "item": item,
                    "result": result,
                    "form": form or ResultForm(initial=initial, prefix=f"i{item.pk}"),
                }
            )
        editable = inspection.status == "draft" and service.may_edit(user, inspection)
        ctx.update(
            crumbs=school_crumbs(user, inspection.school, "督导验收"),
            rows=rows,
            editable=editable,
            answered=len(results),
            submit_form=kwargs.get("submit_form") or SubmitForm(),
        )
        return ctx


class _InspectionAction(ScopedQuerysetMixin, SingleObjectMixin, View):
    model = Inspection
    form_name = ""

    def post(self, request, pk):
        self.object = inspection = self.get_object()
        form = self.make_form()
        if form.is_valid():
            try:
                message = self.act(inspection, form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect(inspection.get_absolute_url())
        page = InspectionView(request=request, kwargs=self.kwargs, object=inspection)
        ctx = page.get_context_data(object=inspection, **{self.form_name: form})
        return render(request, InspectionView.template_name, ctx, status=400)


class ResultView(_InspectionAction):
    form_name = "result_form"

    def make_form(self):
        prefix = next((k.split("-")[0] for k in self.request.POST if k.endswith("-item")), None)
        return ResultForm(self.request.POST, self.request.FILES, prefix=prefix)

    def act(self, inspection, data):
        item = inspection.template.items.filter(pk=data["item"]).first()
        if item is None:
            raise ValidationError({"item": ["该项目不属于本次检查的清单"]})
        service.record_result(
            inspection=inspection,
            item=item,
            outcome=data["outcome"],
            deadline=data["deadline"],
            note=data["note"],
            photo=data["photo"],
            actor=self.request.user,
        )
        return f"已记录：{item.order}. {item.text[:20]}"


class SubmitView(_InspectionAction):
    form_name = "submit_form"

    def make_form(self):
        return SubmitForm(self.request.POST)

    def act(self, inspection, data):
        inspection = service.submit_inspection(
            inspection=inspection, actor=self.request.user, note=data["note"]
        )
        n = Rectification.objects.filter(result__inspection=inspection).count()
        return f"已提交{inspection.get_kind_display()}，生成 {n} 项整改事项"


class CloseFixView(ScopedQuerysetMixin, SingleObjectMixin, View):
    model = Rectification

    def post(self, request, pk):
        fix = self.get_object()
        form = CloseForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                service.close_rectification(
                    fix=fix,
                    evidence=form.cleaned_data["evidence"],
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已销号：{fix.text[:30]}")
                return redirect("inspection:school", fix.school_id)
        page = SchoolView(request=request, kwargs={"pk": fix.school_id}, object=fix.school)
        ctx = page.get_context_data(object=fix.school, failed_fix=fix.pk, close_errors=form.errors)
        return render(request, SchoolView.template_name, ctx, status=400)
