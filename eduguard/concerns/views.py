"""Concerns pages: the list (by kind and status, overdue items marked), the form for a new item,
one item with its steps and the forms to respond and to close. Everything reads
Concern.objects.visible_to, which only the handler roles pass; to anyone else the list is empty
and an item is a 404. An item's schools are shown only where the reader handles them."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views import View

from eduguard.concerns import forms as f
from eduguard.concerns.choices import ConcernKind, ConcernStatus
from eduguard.concerns.models import Concern
from eduguard.concerns.services import access
from eduguard.concerns.services.concerns import close_concern, register_concern, respond
from eduguard.concerns.services.counts import by_kind_and_status
from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedActionView, ScopedDetailView, ScopedListView
from eduguard.org.models import County


def _with_schools(queryset, user):
    shown = Prefetch("schools", queryset=access.handler_schools(user).order_by("code"), to_attr="shown")
    return queryset.select_related("owner").prefetch_related(shown).annotate(n_schools=Count("schools"))


class ConcernListView(ScopedListView):
    model = Concern
    template_name = "concerns/concerns.html"

    def get_queryset(self):
        qs = _with_schools(super().get_queryset(), self.request.user).order_by("-received_at", "-id")
        self.filters = f.FilterForm(self.request.GET)
        data = self.filters.cleaned_data if self.filters.is_valid() else {}
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        status = data.get("status")
        if status == "overdue":
            qs = qs.overdue(timezone.localdate())
        elif status:
            qs = qs.filter(status=status)
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        seen = Concern.objects.visible_to(user)
        counts = by_kind_and_status(seen)
        ctx.update(
            today=today,
            filters=self.filters,
            may_handle=access.may_handle(user),
            overdue=seen.overdue(today).count(),
            table=[
                (kind, label, [counts.get((kind, s), 0) for s in ConcernStatus.values])
                for kind, label in ConcernKind.choices
            ],
            statuses=ConcernStatus.labels,
        )
        return ctx


def _county(user):
    return (
        access.handler_counties(user).first()
        or County.objects.filter(schools__in=access.handler_schools(user)).first()
    )


class ConcernCreateView(LoginRequiredMixin, View):
    template_name = "concerns/concern_form.html"

    def _form(self, request, data=None):
        if not access.may_handle(request.user):
            raise PermissionDenied(access.refusal())
        initial = {"received_at": timezone.localtime().replace(second=0, microsecond=0)}
        return f.ConcernForm(
            data,
            schools=access.handler_schools(request.user).order_by("code"),
            owners=access.owner_choices(request.user),
            initial=initial,
        )

    def get(self, request):
        return render(request, self.template_name, {"form": self._form(request)})

    def post(self, request):
        form = self._form(request, request.POST)
        county = _county(request.user)
        if form.is_valid():
            try:
                concern = register_concern(actor=request.user, county=county, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            except PermissionDenied:
                form.add_error("schools", gettext("全县性事项由县级人员登记；请勾选您负责的学校"))
            else:
                messages.success(request, gettext("已登记：%(s)s") % {"s": concern.subject})
                return redirect(concern.get_absolute_url())
        return render(request, self.template_name, {"form": form}, status=400)


class ConcernView(ScopedDetailView):
    model = Concern
    template_name = "concerns/concern.html"

    def get_queryset(self):
        return _with_schools(super().get_queryset(), self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        c = self.object
        ctx.update(
            today=timezone.localdate(),
            overdue=c.is_overdue(timezone.localdate()),
            steps=c.steps.select_related("actor"),
            respond_form=kwargs.get("respond_form") or f.RespondForm(initial={"response": c.response}),
            close_form=kwargs.get("close_form") or f.CloseForm(),
        )
        return ctx


class ConcernActionView(ScopedActionView):
    """A form posted about one item; on refusal the item's page is shown again as ConcernView
    shows it (the same schools)."""

    model = Concern
    detail_view = ConcernView

    def get_queryset(self):
        return _with_schools(super().get_queryset(), self.request.user)


class RespondView(ConcernActionView):
    form_class = f.RespondForm
    context_name = "respond_form"

    def act(self, data) -> str:
        respond(concern=self.object, actor=self.request.user, **data)
        return gettext("已录入答复")


class CloseView(ConcernActionView):
    form_class = f.CloseForm
    context_name = "close_form"

    def act(self, data) -> str:
        close_concern(concern=self.object, actor=self.request.user, **data)
        return gettext("已办结")
