"""一校一策 pages: a new version of a school's reopening plan (filled in from the last one), one
version with its review, its file; and recording the medical staff stationed at the school."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedActionView, ScopedDetailView, StoredFileView
from eduguard.inspection.forms import PlanForm, PostingForm, ReviewForm, SlotFormSet
from eduguard.inspection.models import Batch, ReopeningPlan
from eduguard.inspection.services import plans as service
from eduguard.inspection.services.postings import add_posting
from eduguard.inspection.views.pages import _SchoolAction
from eduguard.org.models import School
from eduguard.org.views import school_crumbs


def _initial(school: School):
    """The form's starting values: the latest version's, else one empty slot per grade."""
    latest = ReopeningPlan.objects.filter(school=school).order_by("-version").first()
    batch = Batch.objects.filter(schools=school).order_by("number").first()
    grades = list(school.grades.order_by("level"))
    if latest is None:
        plan = {"batch": batch}
        day = batch.target_date if batch else None
        slots = [{"grade": g.pk, "date": day} for g in grades]
        return plan, slots, {g.pk: g for g in grades}
    plan = {
        "batch": latest.batch,
        "gates": "、".join(latest.gates),
        "dining": latest.dining,
        "dining_note": latest.dining_note,
        "contacts": latest.contacts,
        "note": latest.note,
    }
    old = {s.grade_id: s for s in latest.slots.all()}
    slots = []
    for g in grades:
        s = old.get(g.pk)
        row = {"grade": g.pk, "date": batch.target_date if batch else None}
        if s:
            row.update(date=s.date, start=s.start, end=s.end, gate=s.gate, note=s.note)
        slots.append(row)
    return plan, slots, {g.pk: g for g in grades}


class PlanNewView(ScopedDetailView):
    """GET: the form for the school's next version; POST: submit it."""

    model = School
    template_name = "inspection/plan_new.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        school = self.object
        plan, slots, grades = _initial(school)
        batches = Batch.objects.filter(schools=school)
        form = kwargs.get("form") or PlanForm(initial=plan, batches=batches)
        formset = kwargs.get("formset") or SlotFormSet(initial=slots, prefix="slot")
        for f in formset:
            pk = f["grade"].value()
            f.grade_name = str(grades.get(int(pk))) if str(pk).isdigit() and int(pk) in grades else ""
        ctx.update(
            crumbs=school_crumbs(self.request.user, school, "一校一策"),
            form=form,
            formset=formset,
            may_submit=service.may_submit(self.request.user, school),
        )
        return ctx

    def post(self, request, pk):
        self.object = school = self.get_object()
        form = PlanForm(request.POST, request.FILES, batches=Batch.objects.filter(schools=school))
        formset = SlotFormSet(request.POST, prefix="slot")
        if form.is_valid() and formset.is_valid():
            grades = {g.pk: g for g in school.grades.all()}
            slots, unknown = [], False
            for row in formset.cleaned_data:
                grade = grades.get(row["grade"])
                if grade is None:
                    unknown = True
                    continue
                slots.append(
                    service.Slot(
                        grade, row["date"], row["start"], row["end"], row["gate"].strip(), row["note"]
                    )
                )
            data = form.cleaned_data
            try:
                if unknown:
                    raise ValidationError({"__all__": ["返校时段中有不属于本校的年级，请刷新页面后重填"]})
                plan = service.submit_plan(
                    school=school,
                    batch=data["batch"],
                    gates=service.parse_gates(data["gates"]),
                    dining=data["dining"],
                    dining_note=data["dining_note"],
                    contacts=data["contacts"],
                    note=data["note"],
                    upload=data["file"],
                    slots=slots,
                    actor=request.user,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已提交一校一策第 {plan.version} 版，待审定")
                return redirect(plan.get_absolute_url())
        ctx = self.get_context_data(object=school, form=form, formset=formset)
        return render(request, self.template_name, ctx, status=400)


class PlanView(ScopedDetailView):
    model = ReopeningPlan
    queryset = ReopeningPlan.objects.select_related("school", "batch", "submitted_by", "reviewed_by")
    template_name = "inspection/plan.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        plan, user = self.object, self.request.user
        versions = ReopeningPlan.objects.filter(school=plan.school).order_by("-version")
        ctx.update(
            crumbs=school_crumbs(user, plan.school, "一校一策"),
            slots=plan.slots.select_related("grade"),
            versions=versions,
            latest=versions.first(),
            in_force=service.plan_in_force(plan.school),
            may_review=service.may_review(user, plan.school),
            may_submit=service.may_submit(user, plan.school),
            review_form=kwargs.get("review_form") or ReviewForm(),
        )
        return ctx


class PlanReviewView(ScopedActionView):
    model = ReopeningPlan
    form_class = ReviewForm
    context_name = "review_form"
    detail_view = PlanView

    def act(self, data) -> str:
        plan = service.review_plan(plan=self.object, actor=self.request.user, **data)
        return f"一校一策第 {plan.version} 版{plan.get_status_display()}"


class PlanFileView(StoredFileView):
    """A version's document, to those who see the school; each opening is logged."""

    model = ReopeningPlan
    queryset = ReopeningPlan.objects.select_related("school")

    def download_name(self, plan, ext):
        return f"{plan.school.code}-一校一策-v{plan.version}{ext}"


class PostingNewView(_SchoolAction):
    form_name = "posting_form"

    def make_form(self, school):
        return PostingForm(self.request.POST)

    def act(self, school, data):
        p = add_posting(school=school, actor=self.request.user, **data)
        return f"已登记驻校{p.get_role_display()} {p.name}", reverse(
            "inspection:school", args=[school.pk]
        ) + "#postings"
