"""The phone pages behind a class's QR code: no install, no account (DESIGN principle 6).

A guardian picks the child (names shown masked), confirms the last 4 digits of the guardian
phone on record, and fills the form. The phone remembers the child in a signed cookie.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views import View

from eduguard.audit.services import client_ip
from eduguard.core.forms import add_errors
from eduguard.core.masking import mask_middle, mask_name
from eduguard.core.security import Limit
from eduguard.health import linktokens
from eduguard.health.forms import DailyReportForm, VerifyForm
from eduguard.health.models import DailyReport
from eduguard.health.services.links import (
    TooManyAttempts,
    live_link,
    students_of,
    today_for_link,
    verify_guardian,
)
from eduguard.health.services.reports import submit_report

COOKIE_SALT = "eduguard.health.link"
COOKIE_AGE = 180 * 24 * 3600


def _cookie(link) -> str:
    return f"eg_child_{link.pk}"


def _limits() -> tuple[Limit, Limit]:
    window = settings.EDUGUARD_LINK_RATE_WINDOW
    per_ip = Limit(settings.EDUGUARD_LINK_RATE_PER_IP, window)
    return per_ip, Limit(settings.EDUGUARD_LINK_RATE_PER_LINK, window)


def _too_many(request, limit: Limit):
    response = render(request, "health/link_busy.html", status=429)
    response["Retry-After"] = str(limit.retry_after())
    return response


class LinkMixin:
    """Every request to a link's pages, in this order (the first three without the database):
    1. counted per address (a scanner trying tokens is stopped here, whatever it sends);
    2. the token's signature checked (a guessed or altered token is a 404);
    3. counted per link (one leaked link cannot be hammered from many addresses);
    4. the live link looked up (a revoked one is a 404, the same page as a forged one)."""

    def dispatch(self, request, token, *args, **kwargs):
        per_ip, per_link = _limits()
        if per_ip.exceeded(f"link-ip:{client_ip(request) or '?'}"):
            return _too_many(request, per_ip)
        if not linktokens.is_well_formed(token):
            return render(request, "health/link_gone.html", status=404)
        if per_link.exceeded(f"link:{linktokens.rate_key(token)}"):
            return _too_many(request, per_link)
        self.link = live_link(token)
        if self.link is None:
            return render(request, "health/link_gone.html", status=404)
        return super().dispatch(request, *args, **kwargs)

    def remembered_child(self):
        pid = self.request.get_signed_cookie(
            _cookie(self.link), default=None, salt=COOKIE_SALT, max_age=COOKIE_AGE
        )
        if pid is None:
            return None
        return students_of(self.link).filter(pk=pid).first()


class LinkStartView(LinkMixin, View):
    """GET: the class's children (masked) to pick from; POST: the 4-digit check."""

    def get(self, request):
        child = self.remembered_child()
        if child is not None and "switch" not in request.GET:
            return redirect("health:link-report", token=self.link.token)
        return self.render_picker(VerifyForm())

    def post(self, request):
        form = VerifyForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                child = verify_guardian(
                    link=self.link,
                    person_id=form.cleaned_data["person"],
                    last4=form.cleaned_data["phone_last4"],
                    client=client_ip(request) or "?",
                )
            except TooManyAttempts:
                form.add_error(None, "尝试次数过多，请一小时后再试，或联系班主任")
                return self.render_picker(form, status=429)
            if child is not None:
                response = redirect("health:link-report", token=self.link.token)
                response.set_signed_cookie(
                    _cookie(self.link),
                    child.pk,
                    salt=COOKIE_SALT,
                    max_age=COOKIE_AGE,
                    httponly=True,
                    samesite="Lax",
                )
                return response
            form.add_error(None, "信息不匹配，请核对孩子和手机号后4位")
        return self.render_picker(form, status=status)

    def render_picker(self, form, status=200):
        students = pick_labels(students_of(self.link))
        ctx = {"link": self.link, "students": students, "form": form}
        return render(self.request, "health/link_pick.html", ctx, status=status)


class LinkReportView(LinkMixin, View):
    def get(self, request):
        child = self.remembered_child()
        if child is None:
            return redirect("health:link-start", token=self.link.token)
        today = today_for_link()
        existing = DailyReport.objects.filter(person=child, date=today).first()
        return self.render_form(child, DailyReportForm(), existing)

    def post(self, request):
        child = self.remembered_child()
        if child is None:
            return redirect("health:link-start", token=self.link.token)
        form = DailyReportForm(request.POST)
        if form.is_valid():
            try:
                report, _ = submit_report(
                    person=child,
                    day=today_for_link(),
                    data=form.cleaned_data,
                    reporter_kind="guardian",
                    source="link",
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                return render(
                    request, "health/link_done.html", {"link": self.link, "child": child, "report": report}
                )
        return self.render_form(child, form, None, status=400)

    def render_form(self, child, form, existing, status=200):
        ctx = {
            "link": self.link,
            "child": child,
            "child_name": mask_name(child.name),
            "form": form,
            "existing": existing,
        }
        return render(self.request, "health/link_form.html", ctx, status=status)


def pick_labels(people) -> list[tuple[int, str]]:
    """Masked names for the picker; where two masks collide, the birthday tells them apart."""
    people = list(people)
    labels = [mask_middle(p.name) for p in people]
    out = []
    for person, label in zip(people, labels, strict=True):
        if labels.count(label) > 1:
            label += f"（{person.birth_date.month}月{person.birth_date.day}日生）"
        out.append((person.pk, label))
    return out
