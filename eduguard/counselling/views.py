"""Counselling pages: the list, one record (its note and follow-ups), the form for a session and
the follow-up. Everything reads CounsellingSession.objects.visible_to (counsellors and the
person's principal); to anyone else the list is empty and a record is a 404. Every reading of a
record is logged, and so is every refused attempt (PIPL: sensitive personal information)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views import View

from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedActionView, ScopedDetailView, ScopedListView
from eduguard.counselling import forms as f
from eduguard.counselling.models import CounsellingSession
from eduguard.counselling.services import access
from eduguard.counselling.services.sessions import default_follow_up, record_follow_up, record_session

RELATED = ("person__school_class", "school", "counsellor")


class LoggedRefusalMixin:
    """A record one may not read is a 404 like one that does not exist, and the attempt is logged."""

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            access.log_refused(user=self.request.user, pk=self.kwargs.get("pk"), request=self.request)
            raise


class SessionListView(ScopedListView):
    model = CounsellingSession
    template_name = "counselling/sessions.html"

    def get_queryset(self):
        qs = super().get_queryset().select_related(*RELATED)
        if self.request.GET.get("due"):
            qs = qs.filter(follow_up_on__lte=timezone.localdate())
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        seen = CounsellingSession.objects.visible_to(user)
        ctx.update(
            today=today,
            due=seen.filter(follow_up_on__lte=today).count(),
            may_counsel=access.may_counsel(user),
        )
        return ctx


class SessionView(LoggedRefusalMixin, ScopedDetailView):
    model = CounsellingSession
    template_name = "counselling/session.html"

    def get_queryset(self):
        return super().get_queryset().select_related(*RELATED)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        access.log_read(user=request.user, session=self.object, request=request)
        return response

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        s = self.object
        ctx.update(
            today=timezone.localdate(),
            note=s.reveal_note(),
            follow_ups=[(u, u.reveal_note()) for u in s.follow_ups.select_related("recorded_by")],
            may_follow_up=access.may_counsel(self.request.user, s.person),
            follow_up_form=kwargs.get("follow_up_form")
            or f.FollowUpForm(initial={"on": timezone.localdate()}),
        )
        return ctx


class FollowUpView(LoggedRefusalMixin, ScopedActionView):
    model = CounsellingSession
    form_class = f.FollowUpForm
    context_name = "follow_up_form"
    detail_view = SessionView

    def act(self, data) -> str:
        record_follow_up(session=self.object, actor=self.request.user, **data)
        return gettext("已记录回访")


class SessionCreateView(LoginRequiredMixin, View):
    """GET: find the person by name (?q=), then the form; POST: record the session."""

    template_name = "counselling/session_form.html"

    def _form(self, request, data=None):
        if not access.may_counsel(request.user):
            raise PermissionDenied(access.refusal())
        people = access.counselled_people(request.user).select_related("school", "school_class")
        q = (request.GET.get("q") or request.POST.get("q") or "").strip()
        chosen = (data or {}).get("person") or request.GET.get("person")
        shown = people.filter(Q(name__contains=q) if q else Q(pk__in=[]))
        if str(chosen or "").isdigit():
            shown = shown | people.filter(pk=chosen)
        now = timezone.localtime().replace(second=0, microsecond=0)
        initial = {"held_at": now, "follow_up_on": default_follow_up(now.date()), "person": chosen}
        form = f.SessionForm(data, people=people, shown=shown.order_by("name", "id")[:50], initial=initial)
        return form, q

    def get(self, request):
        form, q = self._form(request)
        return render(request, self.template_name, {"form": form, "q": q})

    def post(self, request):
        form, q = self._form(request, request.POST)
        if form.is_valid():
            try:
                session = record_session(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, gettext("已登记心理辅导记录"))
                return redirect(session.get_absolute_url())
        return render(request, self.template_name, {"form": form, "q": q}, status=400)
