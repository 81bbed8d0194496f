"""Meeting pages: the list, a new meeting, one meeting with its action items (add, remind the
owners of overdue ones), its minutes, one action item (close it), and the user's own items."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from eduguard.command.choices import ActionStatus
from eduguard.command.forms.common import ConfirmForm
from eduguard.command.forms.meetings import ActionForm, CloseForm, MeetingForm
from eduguard.command.models import ActionItem, Meeting
from eduguard.command.services import meetings as service
from eduguard.command.services.access import eligible_owners, managed_units, may_manage, unit_of
from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedActionView, ScopedDetailView, ScopedListView, StoredFileView


def _counted(qs, today):
    open_ = Q(actions__status=ActionStatus.OPEN)
    return qs.annotate(
        n_actions=Count("actions"),
        n_open=Count("actions", filter=open_),
        n_overdue=Count("actions", filter=open_ & Q(actions__deadline__lt=today)),
    )


class MeetingListView(ScopedListView):
    model = Meeting
    template_name = "command/meetings.html"

    def get_queryset(self):
        today = timezone.localdate()
        qs = _counted(super().get_queryset().select_related("county", "school"), today)
        if self.request.GET.get("overdue") == "1":
            qs = qs.filter(n_overdue__gt=0)
        return qs.order_by("-date", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["may_create"] = bool(managed_units(self.request.user))
        ctx["overdue_only"] = self.request.GET.get("overdue") == "1"
        return ctx


class MeetingCreateView(LoginRequiredMixin, View):
    template_name = "command/meeting_new.html"

    def _units(self, request):
        units = managed_units(request.user)
        if not units:
            raise PermissionDenied(_("您不负责任何单位的专题会议"))
        return units

    def get(self, request):
        form = MeetingForm(units=self._units(request), initial={"date": timezone.localdate()})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = MeetingForm(request.POST, request.FILES, units=self._units(request))
        if form.is_valid():
            d = dict(form.cleaned_data)
            unit = d.pop("unit")
            try:
                meeting = service.record_meeting(actor=request.user, unit=unit, data=service.MeetingIn(**d))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已登记会议，请添加议定事项"))
                return redirect(meeting)
        return render(request, self.template_name, {"form": form}, status=400)


class MeetingView(ScopedDetailView):
    model = Meeting
    queryset = Meeting.objects.select_related("county", "school")
    template_name = "command/meeting.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meeting, user, today = self.object, self.request.user, timezone.localdate()
        manage = may_manage(user, unit_of(meeting))
        actions = list(meeting.actions.select_related("owner"))
        owners = eligible_owners(unit_of(meeting)) if manage else None
        ctx.update(
            actions=actions,
            overdue=[a for a in actions if a.is_overdue(today)],
            may_manage=manage,
            action_form=kwargs.get("action_form") or (ActionForm(owners=owners) if manage else None),
            remind_errors=kwargs.get("remind_form").errors if kwargs.get("remind_form") else None,
            today=today,
        )
        return ctx


class ActionAddView(ScopedActionView):
    model = Meeting
    form_class, context_name, detail_view = ActionForm, "action_form", MeetingView

    def get_form(self):
        return ActionForm(self.request.POST, owners=eligible_owners(unit_of(self.object)))

    def act(self, data) -> str:
        item = service.add_action(actor=self.request.user, meeting=self.object, **data)
        return _("已添加议定事项，并通知%(owner)s") % {"owner": item.owner}


class RemindView(ScopedActionView):
    model = Meeting
    form_class, context_name, detail_view = ConfirmForm, "remind_form", MeetingView

    def act(self, data) -> str:
        n = service.remind_overdue(actor=self.request.user, meeting=self.object)
        return (
            _("已提醒逾期事项的责任人（%(n)s 条消息）") % {"n": n} if n else _("今天已提醒过，没有重复发送")
        )


class MinutesView(StoredFileView):
    model = Meeting
    file_field = "minutes"

    def download_name(self, meeting, ext):
        return f"{meeting.date:%Y%m%d}{_('会议纪要')}{ext}"


class ActionItemView(ScopedDetailView):
    model = ActionItem
    queryset = ActionItem.objects.select_related("meeting__county", "meeting__school", "owner", "closed_by")
    template_name = "command/action.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        item = self.object
        closable = item.status == ActionStatus.OPEN and service.may_close(self.request.user, item)
        ctx.update(
            close_form=kwargs.get("close_form") or (CloseForm() if closable else None),
            meeting_visible=Meeting.objects.visible_to(self.request.user).filter(pk=item.meeting_id).exists(),
            today=timezone.localdate(),
        )
        return ctx


class ActionCloseView(ScopedActionView):
    model = ActionItem
    form_class, context_name, detail_view = CloseForm, "close_form", ActionItemView

    def act(self, data) -> str:
        item = service.close_action(actor=self.request.user, item=self.object, **data)
        return _("事项状态：%(s)s") % {"s": item.get_status_display()}


class MyActionsView(LoginRequiredMixin, TemplateView):
    template_name = "command/my_actions.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        mine = ActionItem.objects.filter(owner=self.request.user).select_related(
            "meeting__county", "meeting__school"
        )
        ctx.update(
            open_items=mine.filter(status=ActionStatus.OPEN).order_by("deadline", "id"),
            closed_items=mine.exclude(status=ActionStatus.OPEN).order_by("-closed_at")[:50],
            today=timezone.localdate(),
        )
        return ctx
