"""Incidents: the list in scope (open, overdue, closed), an incident's page with its cases, the
reports made and still due, its history, and the forms to record a report and to close it."""

from django.utils import timezone

from eduguard.core.views import ScopedActionView, ScopedDetailView, ScopedListView
from eduguard.org.filters import parse_id
from eduguard.response.forms import CloseForm, ReportForm
from eduguard.response.models import Incident
from eduguard.response.services.incidents import close_incident, may_report, missing_reports, record_report
from eduguard.response.views.fever import symptom_labels

INCIDENTS = Incident.objects.select_related("school", "trigger")
FILTERS = {
    "open": lambda qs: qs.open(),
    "overdue": lambda qs: qs.overdue(),
    "closed": lambda qs: qs.filter(status="closed"),
    "all": lambda qs: qs,
}


class IncidentListView(ScopedListView):
    model = Incident
    queryset = INCIDENTS
    template_name = "response/incidents.html"

    def get_queryset(self):
        self.show = self.request.GET.get("show") if self.request.GET.get("show") in FILTERS else "open"
        qs = FILTERS[self.show](super().get_queryset())
        school = parse_id(self.request.GET.get("school"))
        return qs.filter(school_id=school) if school else qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.show, filters=FILTERS, now=timezone.now(), **kwargs)


class IncidentDetailView(ScopedDetailView):
    model = Incident
    queryset = INCIDENTS
    template_name = "response/incident.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        incident, user = self.object, self.request.user
        labels = symptom_labels()
        cases = list(incident.cases.visible_to(user).select_related("person", "person__school_class"))
        for case in cases:
            case.symptom_names = [labels.get(s, s) for s in case.symptoms]
        ctx.update(
            cases=cases,
            reports=incident.reports.visible_to(user).select_related("by"),
            events=incident.events.visible_to(user).select_related("by"),
            fevers=incident.fever_events.visible_to(user).select_related("person"),
            missing=missing_reports(incident),
            may_report=may_report(user, incident),
            now=timezone.now(),
            report_form=kwargs.get("report_form")
            or ReportForm(initial={"reported_at": timezone.localtime().replace(second=0, microsecond=0)}),
            close_form=kwargs.get("close_form") or CloseForm(),
        )
        return ctx


class _IncidentAction(ScopedActionView):
    model = Incident
    queryset = INCIDENTS
    detail_view = IncidentDetailView


class ReportView(_IncidentAction):
    form_class = ReportForm
    context_name = "report_form"

    def act(self, data) -> str:
        report = record_report(incident=self.object, actor=self.request.user, **data)
        return f"已登记向{report.get_recipient_display()}的{report.get_kind_display()}"


class CloseView(_IncidentAction):
    form_class = CloseForm
    context_name = "close_form"

    def act(self, data) -> str:
        close_incident(incident=self.object, actor=self.request.user, **data)
        return "事件已结案"
