"""Online-teaching pages: the overview (rates per stage, per school, the change from the period
before, the schools below the line), a school's page with its entry table, and the import."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views import View
from django.views.generic import TemplateView
from django.views.generic.detail import SingleObjectMixin

from eduguard.audit.models import AccessAction
from eduguard.audit.services import record_access
from eduguard.core.forms import add_errors
from eduguard.core.rules import get_rule
from eduguard.core.views import ScopedDetailView, ScopedQuerysetMixin
from eduguard.org.models import County, School
from eduguard.teaching import forms as f
from eduguard.teaching.models import TeachingPeriod
from eduguard.teaching.services import rates
from eduguard.teaching.services.access import enterable_schools, may_enter, may_manage_county
from eduguard.teaching.services.imports import import_participation, write_template
from eduguard.teaching.services.participation import default_period, grade_lines, record_participation
from eduguard.teaching.services.periods import create_period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def visible_periods(user, county_id=None):
    periods = TeachingPeriod.objects.visible_to(user).select_related("county").order_by("-start")
    return periods.filter(county_id=county_id) if county_id else periods


def chosen_period(request, periods):
    """?period=<id> among `periods`, else the latest that has started."""
    raw = request.GET.get("period", "")
    if raw.isdigit():
        found = periods.filter(pk=int(raw)).first()
        if found is not None:
            return found
    return default_period(list(periods))


def with_period(url: str, period) -> str:
    return f"{url}?period={period.pk}" if period is not None else url


def shown_stages(lines):
    """The stage table without stages nobody reported in either period, and without a subtotal
    (义务教育) or total that would only repeat the one line above it."""
    data = [x for x in lines if x.now.rows or x.before.rows]
    keys = {x.key for x in data}
    stages = keys - {"compulsory", "total"}
    if not {"primary", "junior"} <= stages:
        data = [x for x in data if x.key != "compulsory"]
    if len(stages) < 2:
        data = [x for x in data if x.key != "total"]
    return data


class OverviewView(LoginRequiredMixin, TemplateView):
    template_name = "teaching/overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        periods = visible_periods(user)
        period = chosen_period(self.request, periods)
        county = period.county if period else County.objects.visible_to(user).first()
        ctx.update(periods=periods, period=period, county=county)
        if county is not None and may_manage_county(user, county):
            ctx["period_form"] = kwargs.get("period_form") or f.PeriodForm()
        ctx["may_import"] = enterable_schools(user).exists()
        if period is None:
            return ctx
        schools = School.objects.visible_to(user).filter(county=period.county)
        lines = rates.school_lines(period, schools)
        stages = rates.stage_lines(period, schools)
        ctx.update(
            previous=period.previous(),
            by_stage={line.key: line for line in stages},
            stages=shown_stages(stages),
            school_rows=lines,
            below=[line for line in lines if line.reported and line.below],
            unreported=[line for line in lines if not line.reported],
            threshold=get_rule("teaching.low_rate", period.end),
            whole_county=County.objects.visible_to(user).filter(pk=period.county_id).exists(),
        )
        if ctx["whole_county"]:
            ctx["sentence"] = rates.sentence(period)
        return ctx


class PeriodCreateView(LoginRequiredMixin, View):
    """POST: a new period for the user's county; refused on the overview with status 400."""

    def post(self, request):
        form = f.PeriodForm(request.POST)
        county = County.objects.visible_to(request.user).first()
        if form.is_valid():
            try:
                if county is None:
                    raise ValidationError({"__all__": [gettext("只有教育局可以设立统计时段")]})
                period = create_period(county=county, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, gettext("已设立统计时段：{period}").format(period=period))
                return redirect(with_period(reverse("teaching:overview"), period))
        page = OverviewView(request=request, kwargs={})
        return render(
            request, OverviewView.template_name, page.get_context_data(period_form=form), status=400
        )


class SchoolView(ScopedDetailView):
    """A school's grades for a period: read-only for those who see the school, a table to fill
    in for those who may enter (rule teaching.school_roles / teaching.bureau_roles)."""

    model = School
    template_name = "teaching/school.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        school, user = self.object, self.request.user
        periods = visible_periods(user, school.county_id)
        entry = kwargs.get("entry")
        period = entry.head.cleaned_data.get("period") if entry and entry.head.is_valid() else None
        period = period or chosen_period(self.request, periods)
        ctx.update(periods=periods, period=period, may_enter=may_enter(user, school))
        if period is None:
            return ctx
        lines = grade_lines(school, period)
        total = rates.school_lines(period, School.objects.filter(pk=school.pk))[0]
        ctx.update(
            lines=lines,
            total=total,
            previous=period.previous(),
            threshold=get_rule("teaching.low_rate", period.end),
        )
        if ctx["may_enter"]:
            ctx["entry"] = entry or f.EntryForm(periods=periods, period=period, lines=lines)
        return ctx


class EnterView(ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST the school's table for a period: every grade filled in is saved, or none (400)."""

    model = School

    def post(self, request, pk):
        school = self.object = self.get_object()
        periods = visible_periods(request.user, school.county_id)
        head = f.PeriodChoiceForm(request.POST, periods=periods)
        period = head.cleaned_data["period"] if head.is_valid() else default_period(list(periods))
        lines = grade_lines(school, period) if period else []
        entry = f.EntryForm(request.POST, periods=periods, period=period, lines=lines)
        if entry.is_valid():
            try:
                outcome = record_participation(period=entry.period, rows=entry.rows(), actor=request.user)
            except ValidationError as exc:
                entry.add_problems(exc.messages)
            else:
                messages.success(
                    request,
                    gettext(
                        "已保存 {period} {n} 个年级（新增 {created}，修改 {updated}，未变 {unchanged}）"
                    ).format(
                        period=entry.period,
                        n=outcome.saved,
                        created=outcome.created,
                        updated=outcome.updated,
                        unchanged=outcome.unchanged,
                    ),
                )
                return redirect(with_period(reverse("teaching:school", args=[school.pk]), entry.period))
        page = SchoolView(request=request, kwargs=self.kwargs, object=school)
        ctx = page.get_context_data(object=school, entry=entry)
        return render(request, SchoolView.template_name, ctx, status=400)


class ImportView(LoginRequiredMixin, View):
    """GET: the upload form. POST: import a platform's export for a period, all rows or none."""

    template_name = "teaching/import.html"

    def get(self, request):
        periods = visible_periods(request.user)
        form = f.ImportForm(periods=periods, initial={"period": chosen_period(request, periods)})
        return self._render(request, form)

    def post(self, request):
        form = f.ImportForm(request.POST, request.FILES, periods=visible_periods(request.user))
        problems = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report = import_participation(
                period=form.cleaned_data["period"],
                data=upload.read(),
                filename=upload.name,
                actor=request.user,
            )
            if report.ok:
                o = report.outcome
                messages.success(
                    request,
                    gettext("已导入 {n} 行（新增 {created}，修改 {updated}，未变 {unchanged}）").format(
                        n=report.rows, created=o.created, updated=o.updated, unchanged=o.unchanged
                    ),
                )
                return redirect(with_period(reverse("teaching:overview"), form.cleaned_data["period"]))
            problems = report.messages()
        return self._render(request, form, problems, status=400)

    def _render(self, request, form, problems=(), status=200):
        ctx = {"form": form, "problems": problems, "may_import": enterable_schools(request.user).exists()}
        return render(request, self.template_name, ctx, status=status)


class TemplateDownloadView(LoginRequiredMixin, View):
    """GET: the import template, pre-filled with the grades of the schools the user may enter for."""

    def get(self, request):
        response = HttpResponse(write_template(request.user), content_type=XLSX)
        name = f"teaching-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        # No named data in it, but every download is in the access log (one rule, no exceptions).
        detail = {"what": "teaching template", "format": "xlsx", "file": name}
        record_access(actor=request.user, action=AccessAction.EXPORT, detail=detail, request=request)
        return response
