"""The registry of kindergartens and training institutions: figures per township, one
institution's closures and visits, and the forms to record a visit, close and permit reopening."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedDetailView, ScopedListView, ScopedQuerysetMixin
from eduguard.inspection.forms import ClosureForm, LiftForm, VisitForm
from eduguard.inspection.models import Institution, InstitutionKind
from eduguard.inspection.services import institutions as service


class InstitutionsView(ScopedListView):
    model = Institution
    template_name = "inspection/institutions.html"
    paginate_by = 100

    def get_queryset(self):
        qs = super().get_queryset()
        kind, township = self.request.GET.get("kind"), self.request.GET.get("township")
        if kind in InstitutionKind.values:
            qs = qs.filter(kind=kind)
        if township:
            qs = qs.filter(township=township)
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        day = timezone.localdate()
        closed = set(self.object_list.filter(service.closed_q(day)).order_by().values_list("id", flat=True))
        for inst in ctx["object_list"]:
            inst.closed = inst.pk in closed
        ctx.update(townships=service.by_township(self.object_list, day), kinds=InstitutionKind.choices)
        return ctx


class InstitutionView(ScopedDetailView):
    model = Institution
    template_name = "inspection/institution.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        inst = self.object
        ctx.update(
            closures=inst.closures.all(),
            visits=inst.visits.all(),
            closed=Institution.objects.filter(pk=inst.pk).filter(service.closed_q(today)).exists(),
            may_manage=service.may_manage(self.request.user, inst),
            visit_form=kwargs.get("visit_form") or VisitForm(initial={"date": today, "people": 2}),
            closure_form=kwargs.get("closure_form") or ClosureForm(initial={"ordered_on": today}),
            lift_form=kwargs.get("lift_form") or LiftForm(initial={"lifted_on": today}),
        )
        return ctx


class _Action(ScopedQuerysetMixin, SingleObjectMixin, View):
    model = Institution
    form_class = None
    form_name = ""

    def post(self, request, pk):
        self.object = inst = self.get_object()
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                message = self.act(inst, form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect("inspection:institution", inst.pk)
        page = InstitutionView(request=request, kwargs=self.kwargs, object=inst)
        ctx = page.get_context_data(object=inst, **{self.form_name: form})
        return render(request, InstitutionView.template_name, ctx, status=400)


class VisitNewView(_Action):
    form_class, form_name = VisitForm, "visit_form"

    def act(self, inst, data):
        service.record_visit(institution=inst, actor=self.request.user, **data)
        return "已登记走访巡查"


class CloseView(_Action):
    form_class, form_name = ClosureForm, "closure_form"

    def act(self, inst, data):
        service.order_closure(institution=inst, actor=self.request.user, **data)
        return f"{inst.name} 已停办"


class LiftView(_Action):
    form_class, form_name = LiftForm, "lift_form"

    def act(self, inst, data):
        service.lift_closure(institution=inst, actor=self.request.user, **data)
        return f"{inst.name} 已准予复课"
