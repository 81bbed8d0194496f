"""Paid-tutoring cases (违规补课): the list and the form to accept a report, one case with its steps
and the forms to investigate and conclude. Everything reads TutoringCase.objects.visible_to, which
only the discipline roles pass; to anyone else the list is empty and a case is a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedActionView, ScopedDetailView, ScopedListView
from eduguard.inspection.forms import CaseForm, ConcludeForm, InvestigateForm
from eduguard.inspection.models import CaseStatus, TutoringCase
from eduguard.inspection.services import tutoring as service


def _case_form(user, data=None):
    schools = service.handler_schools(user).order_by("code")
    return CaseForm(data, schools=schools, initial={"reported_on": timezone.localdate()})


class CasesView(ScopedListView):
    """GET: the cases one may see, by status; POST: accept a new report."""

    model = TutoringCase
    queryset = TutoringCase.objects.select_related("school")
    template_name = "inspection/cases.html"

    def get_queryset(self):
        qs = super().get_queryset()
        status = self.request.GET.get("status")
        return qs.filter(status=status) if status in CaseStatus.values else qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        seen = TutoringCase.objects.visible_to(user)
        ctx.update(
            may_handle=service.may_handle(user),
            form=kwargs.get("form") or _case_form(user),
            statuses=[(v, label, seen.filter(status=v).count()) for v, label in CaseStatus.choices],
        )
        return ctx

    def post(self, request):
        if not service.may_handle(request.user):
            raise PermissionDenied("违规补课案件只由纪检监察人员办理")
        form = _case_form(request.user, request.POST)
        if form.is_valid():
            try:
                case = service.open_case(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已受理：{case.teacher_name}")
                return redirect(case.get_absolute_url())
        self.object_list = self.get_queryset()
        return render(request, self.template_name, self.get_context_data(form=form), status=400)


class CaseView(ScopedDetailView):
    model = TutoringCase
    queryset = TutoringCase.objects.select_related("school", "recorded_by")
    template_name = "inspection/case.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            steps=self.object.steps.select_related("actor"),
            investigate_form=kwargs.get("investigate_form")
            or InvestigateForm(initial={"investigators": self.object.investigators}),
            conclude_form=kwargs.get("conclude_form")
            or ConcludeForm(initial={"concluded_on": timezone.localdate()}),
        )
        return ctx


class CaseInvestigateView(ScopedActionView):
    model = TutoringCase
    form_class = InvestigateForm
    context_name = "investigate_form"
    detail_view = CaseView

    def act(self, data) -> str:
        service.investigate(case=self.object, actor=self.request.user, **data)
        return "已记录调查情况"


class CaseConcludeView(ScopedActionView):
    model = TutoringCase
    form_class = ConcludeForm
    context_name = "conclude_form"
    detail_view = CaseView

    def act(self, data) -> str:
        case = service.conclude(case=self.object, actor=self.request.user, **data)
        return f"已办结：{case.get_outcome_display()}"
