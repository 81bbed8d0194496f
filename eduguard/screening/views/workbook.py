"""A campaign's workbook for the county command, its import template, and importing answers."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from eduguard.audit.models import AccessAction
from eduguard.audit.services import record_access
from eduguard.core.views import ScopedQuerysetMixin
from eduguard.screening.forms import AnswersUploadForm
from eduguard.screening.models import Campaign
from eduguard.screening.services.workbook import MAX_ROWS, export_campaign, import_answers, write_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


class CampaignExportView(ScopedQuerysetMixin, SingleObjectMixin, View):
    model = Campaign

    def get(self, request, pk):
        campaign = self.get_object()
        data, _ = export_campaign(campaign, request.user, request=request)
        return xlsx_response(data, f"screening-{campaign.pk}.xlsx")


class ImportTemplateView(ScopedQuerysetMixin, SingleObjectMixin, View):
    model = Campaign

    def get(self, request, pk):
        campaign = self.get_object()
        data = write_template(campaign)
        # No named data in it, but every download is in the access log (one rule, no exceptions).
        detail = {"what": "screening template", "format": "xlsx", "rows": 0}
        record_access(
            actor=request.user, action=AccessAction.EXPORT, obj=campaign, detail=detail, request=request
        )
        return xlsx_response(data, "screening-template.xlsx")


class CampaignImportView(ScopedQuerysetMixin, SingleObjectMixin, View):
    """GET the upload form; POST saves every row or none (400 listing each problem)."""

    model = Campaign
    template_name = "screening/import.html"

    def get(self, request, pk):
        self.object = self.get_object()
        return self.render(AnswersUploadForm())

    def post(self, request, pk):
        self.object = self.get_object()
        form = AnswersUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, status=400)
        upload = form.cleaned_data["file"]
        outcome = import_answers(self.object, form.cleaned_data["data"], upload.name, request.user)
        if outcome.problems:
            return self.render(form, problems=outcome.problems, status=400)
        messages.success(request, f"已导入 {outcome.saved} 人的排查信息")
        return redirect("screening:campaign", self.object.pk)

    def render(self, form, problems=(), status=200):
        ctx = {"object": self.object, "form": form, "problems": problems[:200], "more": len(problems) > 200}
        return render(self.request, self.template_name, {**ctx, "max_rows": MAX_ROWS}, status=status)
