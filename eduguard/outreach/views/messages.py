"""Message pages: what the system sent, counted by purpose and channel; bulk notices to families
or staff with a preview and a count before sending; one notice with its delivery."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views import View

from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedDetailView
from eduguard.notify.models import Message, Status
from eduguard.outreach.forms.messages import PeriodForm
from eduguard.outreach.forms.notices import NoticeForm
from eduguard.outreach.models import Notice
from eduguard.outreach.services import messages as traffic
from eduguard.outreach.services import notices as service


class MessagesView(LoginRequiredMixin, View):
    template_name = "outreach/messages.html"

    def get(self, request):
        user = request.user
        form = PeriodForm(request.GET or None)
        valid = form.is_valid() if form.is_bound else True
        period = form.cleaned_data if form.is_bound and valid else {}
        since, until = period.get("since"), period.get("until")
        visible = Message.objects.visible_to(user)
        notices = (
            Notice.objects.visible_to(user)
            .select_related("county", "school", "grade", "school_class", "created_by")
            .annotate(
                sent=Count("messages", filter=Q(messages__status=Status.SENT)),
                failed=Count("messages", filter=Q(messages__status=Status.FAILED)),
            )
            .order_by("-created_at", "-id")[:30]
        )
        sms = traffic.sms_sent(visible, since, until)
        ctx = {
            "form": form,
            "traffic": traffic.traffic(visible, since, until),
            "sms": sms,
            "sentence": traffic.sms_sentence(sms),
            "notices": notices,
            "may_notify": bool(service.writable_units(user)),
        }
        return render(request, self.template_name, ctx, status=200 if valid else 400)


class NoticeNewView(LoginRequiredMixin, View):
    """GET: the form. POST with `preview`: who it reaches and the text as it arrives; POST with
    `send`: queue it, if it is still what was previewed."""

    template_name = "outreach/notice_new.html"

    def _units(self, request):
        units = service.writable_units(request.user)
        if not units:
            raise PermissionDenied("没有可发送通知的范围")
        return units

    def get(self, request):
        form = NoticeForm(units=self._units(request), initial={"signature": _signature(request.user)})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = NoticeForm(request.POST, units=self._units(request))
        ctx = {"form": form}
        if form.is_valid():
            d = form.cleaned_data
            args = {
                "actor": request.user,
                "audience": d["audience"],
                "signature": d["signature"],
                "body": d["body"],
            }
            try:
                args["unit"] = service.parse_unit(d["unit"])
                if "send" in request.POST:
                    notice = service.send_notice(**args, token=d["token"])
                    messages.success(request, f"已提交发送，共 {notice.recipients} 人")
                    return redirect(notice)
                ctx["preview"] = p = service.preview(**args)
                form.data = form.data.copy()
                form.data["token"] = p.token
                return render(request, self.template_name, ctx)
            except ValidationError as exc:
                add_errors(form, exc)
        return render(request, self.template_name, ctx, status=400)


def _signature(user) -> str:
    from eduguard.accounts.models import ResponsibilityAssignment

    a = ResponsibilityAssignment.objects.active().filter(user=user).select_related("school", "county").first()
    if a is None:
        return ""
    return (a.school.name if a.school_id else a.county.bureau_name if a.county_id else "")[:30]


class NoticeView(ScopedDetailView):
    model = Notice
    queryset = Notice.objects.select_related("county", "school", "grade", "school_class", "created_by")
    template_name = "outreach/notice.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = self.object.messages.order_by().values("status").annotate(n=Count("id"))
        labels = dict(Status.choices)
        ctx["statuses"] = [(labels.get(r["status"], r["status"]), r["n"]) for r in rows]
        ctx["sample"] = self.object.messages.order_by("id")[:20]
        return ctx
