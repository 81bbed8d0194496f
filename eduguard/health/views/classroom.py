"""The head teacher's pages for a class: roll-call, the QR sheet, zero report, entry on behalf."""

import datetime as dt

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedDetailView, ScopedListView, ScopedQuerysetMixin
from eduguard.health.forms import DailyReportForm
from eduguard.health.models import FollowUp
from eduguard.health.services.links import current_link, issue_link
from eduguard.health.services.reports import close_follow_up, submit_report
from eduguard.health.services.rollcall import file_zero_report, roll_call
from eduguard.org.filters import parse_id
from eduguard.org.models import Person, SchoolClass


def day_from(request) -> dt.date:
    """?date=YYYY-MM-DD, today when absent or not a date."""
    raw = request.GET.get("date") or request.POST.get("date") or ""
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    # A year like 0001 is a date, but arithmetic around it overflows: treat it as no date.
    return day if day is not None and 1900 <= day.year <= 2999 else timezone.localdate()


class ClassMixin:
    model = SchoolClass
    queryset = SchoolClass.objects.select_related("school", "grade")


class RollCallPageView(ClassMixin, ScopedDetailView):
    template_name = "health/rollcall.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        day = day_from(self.request)
        ctx.update(
            day=day,
            call=roll_call(self.object, day),
            follow_ups=FollowUp.objects.visible_to(self.request.user)
            .open()
            .filter(report__school_class=self.object)
            .select_related("report__person"),
        )
        return ctx


class ClassLinkView(ClassMixin, ScopedDetailView):
    """The printable QR sheet of the class link; POST issues a new link and revokes the old one."""

    template_name = "health/class_link.html"

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        issue_link(school_class=self.object, actor=request.user)
        messages.success(request, "已生成新的填报二维码，旧二维码和链接已失效")
        return redirect("health:class-link", pk=self.object.pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        link = current_link(self.object, self.request.user)
        url = self.request.build_absolute_uri(reverse("health:link-start", kwargs={"token": link.token}))
        qr = segno.make(url, error="m")
        ctx.update(link=link, url=url, qr_svg=mark_safe(qr.svg_inline(scale=6, dark="#1f2933")))
        return ctx


class ZeroReportView(ClassMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    def post(self, request, pk):
        klass = self.get_object()
        day = day_from(request)
        try:
            file_zero_report(school_class=klass, day=day, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{klass.name} {day:%m月%d日} 零报告已提交")
        return redirect(f"{reverse('health:class', kwargs={'pk': klass.pk})}?date={day.isoformat()}")


class TeacherEntryView(ClassMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """A head teacher enters a student's report on their behalf (recorded as such)."""

    template_name = "health/teacher_entry.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        self.person = get_object_or_404(
            Person.objects.visible_to(request.user).filter(school_class=self.object),
            pk=_int(request.GET.get("person")),
        )
        self.day = day_from(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return self.render(DailyReportForm())

    def post(self, request, pk):
        form = DailyReportForm(request.POST)
        if form.is_valid():
            try:
                submit_report(
                    person=self.person,
                    day=self.day,
                    data=form.cleaned_data,
                    reporter_kind="teacher",
                    source="web",
                    actor=request.user,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已代{self.person.name}填报")
                return redirect(
                    f"{reverse('health:class', kwargs={'pk': self.object.pk})}?date={self.day.isoformat()}"
                )
        return self.render(form, status=400)

    def render(self, form, status=200):
        ctx = {"object": self.object, "person": self.person, "day": self.day, "form": form}
        return render(self.request, self.template_name, ctx, status=status)


class FollowUpCloseView(ScopedQuerysetMixin, SingleObjectMixin, View):
    model = FollowUp

    def post(self, request, pk):
        follow_up = self.get_object()
        try:
            close_follow_up(follow_up=follow_up, actor=request.user, note=request.POST.get("note", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{follow_up.report.person.name} 的异常跟进已关闭")
        report = follow_up.report
        if report.school_class_id is None:  # a staff member's report: back to the list of follow-ups
            return redirect("health:follow-ups")
        return redirect(
            f"{reverse('health:class', kwargs={'pk': report.school_class_id})}?date={report.date.isoformat()}"
        )


class FollowUpListView(ScopedListView):
    """Open follow-ups in the user's scope (a principal or doctor sees the school's, staff included)."""

    model = FollowUp
    queryset = FollowUp.objects.select_related("report__person", "report__school", "report__school_class")
    template_name = "health/follow_ups.html"

    def get_queryset(self):
        qs = super().get_queryset()
        return qs if self.request.GET.get("all") else qs.open()


def _int(raw) -> int:
    """A primary key from the query string; anything else (or too large to store) is 0, not found."""
    return parse_id(raw) or 0
