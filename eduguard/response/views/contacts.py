"""Contact tracing pages: a case's contacts by category (?onset=YYYY-MM-DD, today by default), and
the action that quarantines the chosen ones and tells their guardians.

The case is looked up through `Person.objects.visible_to` (404 outside the scope); the contacts
are read the same way by the service. A bad date or a bad choice is the page again with the
reason, status 400, and nothing written."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.core.rules import get_rule
from eduguard.core.views import ScopedQuerysetMixin
from eduguard.org.filters import parse_id
from eduguard.org.models import Person
from eduguard.org.views import breadcrumbs
from eduguard.response.services.contacts import find_contacts, quarantine_contacts
from eduguard.screening.models import QuarantineKind


def parse_onset(raw, today: dt.date) -> dt.date:
    """The onset typed in the form; today when none is given. Raises ValidationError with the reason."""
    raw = (raw or "").strip() if isinstance(raw, str) else ""
    if not raw:
        return today
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    if day is None:
        raise ValidationError(_("发病日期“%(raw)s”不是有效的日期（格式：年-月-日）") % {"raw": raw[:20]})
    return day


class ContactsView(ScopedQuerysetMixin, SingleObjectMixin, View):
    """GET: the case's contacts, with the quarantine form for those who may open quarantines."""

    model = Person
    queryset = Person.objects.select_related("school", "school_class", "dorm", "county")
    template_name = "response/contacts.html"

    def get(self, request, pk):
        self.object = self.get_object()
        today = timezone.localdate()
        try:
            onset = parse_onset(request.GET.get("onset"), today)
        except ValidationError as exc:
            return self.render(raw_onset=request.GET.get("onset"), errors=exc.messages, status=400)
        return self.render(onset=onset)

    def render(self, *, onset=None, raw_onset=None, errors=(), chosen=(), status=200):
        """The page for `onset`; with no valid onset (or one the service refuses) only the date form."""
        case, user, today = self.object, self.request.user, timezone.localdate()
        contacts = None
        errors = list(errors)
        if onset is not None:
            try:
                contacts = find_contacts(case, onset, user, today)
            except ValidationError as exc:
                errors, status = list(dict.fromkeys([*errors, *exc.messages])), 400
        kind = get_rule("response.contact_quarantine_kind", today)
        ctx = {
            "case": case,
            "contacts": contacts,
            "onset": onset,
            "raw_onset": onset.isoformat() if onset else (raw_onset or "")[:20],
            "today": today,
            "errors": errors,
            "chosen": {str(pk) for pk in chosen},
            "may_quarantine": holds_role_over(user, get_rule("screening.quarantine_roles", today), case),
            "quarantine_roles": role_names("screening.quarantine_roles", today),
            "kind_label": dict(QuarantineKind.choices).get(kind, kind),
            "crumbs": [
                *breadcrumbs(user, case)[:-1],
                {"label": case.name, "url": reverse("org:person", args=[case.pk])},
                {"label": _("密接追溯"), "url": None},
            ],
        }
        return render(self.request, self.template_name, ctx, status=status)


class QuarantineContactsView(ContactsView):
    """POST onset and people (IDs): quarantine them all, or none with the reasons (400)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        self.object = case = self.get_object()
        today = timezone.localdate()
        raw_onset, raw_people = request.POST.get("onset", ""), request.POST.getlist("people")
        errors = []
        onset = None
        if not raw_onset.strip():
            errors.append(_("请填写发病日期"))
        else:
            try:
                onset = parse_onset(raw_onset, today)
            except ValidationError as exc:
                errors += exc.messages
        ids = [parse_id(raw) for raw in raw_people]
        if not raw_people:
            errors.append(_("请至少选择一名密接"))
        elif None in ids or len(ids) > 1000:
            errors.append(_("所选人员编号无效"))
        if not errors:
            try:
                opened = quarantine_contacts(case_person=case, onset=onset, people=ids, actor=request.user)
            except ValidationError as exc:
                errors += exc.messages
            else:
                messages.success(request, _("已为%(n)d人登记隔离，已通知监护人") % {"n": len(opened)})
                url = reverse("response:contacts", args=[case.pk])
                return redirect(f"{url}?onset={onset.isoformat()}")
        return self.render(onset=onset, raw_onset=raw_onset, errors=errors, chosen=raw_people, status=400)
