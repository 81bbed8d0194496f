"""The work briefing's page: pick the date (and the start of the period), read it, download it as
Word or Markdown. For those who see a county whole; every download is logged.

Below it, the county's filed briefings (存档: what went up each evening, services/filing.py): a
POST files the picked one through the Celery task; while one is being filed the list polls itself.
"""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from eduguard.accounts.scope import scope_for
from eduguard.audit.models import AccessAction
from eduguard.audit.services import record_access
from eduguard.briefing.models import FiledBriefing
from eduguard.briefing.services.briefing import build, to_markdown
from eduguard.briefing.services.briefing_docx import to_docx
from eduguard.briefing.services.filing import request_filing
from eduguard.core.forms import DATE
from eduguard.org.models import County

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
}


class BriefingForm(forms.Form):
    date = forms.DateField(label="简报日期", widget=DATE)
    since = forms.DateField(
        label="统计起始日期", required=False, widget=DATE, help_text="空：截至简报日期的累计数"
    )
    county = forms.ModelChoiceField(label="县", queryset=County.objects.none(), required=False)

    def __init__(self, *args, counties=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        if counties is not None and counties.count() <= 1:
            self.fields["county"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("date") and data["since"] > data["date"]:
            self.add_error("since", "起始日期不能晚于简报日期")
        if data.get("date") and data["date"] > timezone.localdate():
            self.add_error("date", "简报日期不能晚于今天")
        return data


def _counties(user):
    """Counties the user sees whole (the briefing speaks for the county)."""
    scope = scope_for(user)
    return County.objects.all() if scope.everything else County.objects.filter(id__in=scope.county_ids)


class BriefingView(LoginRequiredMixin, View):
    template_name = "briefing/briefing.html"

    def _form(self, request, data=None):
        counties = _counties(request.user)
        if not counties.exists():
            raise PermissionDenied("工作简报由县级负责人查看")
        data = (data if data is not None else request.GET).copy()
        data.setdefault("date", timezone.localdate().isoformat())
        return BriefingForm(data, counties=counties), counties

    def get(self, request):
        if "filed" in request.GET:
            return self._download_filed(request)
        form, counties = self._form(request)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        d = form.cleaned_data
        county = d["county"] or counties.order_by("id").first()
        if request.GET.get("part") == "filed":  # the list polling itself while one is being filed
            return render(request, "briefing/_filed.html", _filed(request.user, county))
        briefing = build(county, d["date"], d["since"])
        fmt = request.GET.get("format")
        if fmt in FORMATS:
            record_access(
                actor=request.user,
                action=AccessAction.EXPORT,
                obj=county,
                detail={"what": "briefing", "date": d["date"].isoformat(), "format": fmt},
                request=request,
            )
            body = to_docx(briefing) if fmt == "docx" else to_markdown(briefing).encode()
            response = HttpResponse(body, content_type=FORMATS[fmt])
            name = f"工作简报-{county.name}-{d['date']:%Y%m%d}.{fmt}"
            response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
            return response
        return render(
            request,
            self.template_name,
            {"form": form, "briefing": briefing, "query": request.GET.urlencode()}
            | _filed(request.user, county),
        )

    def post(self, request):
        """File the picked briefing: inline with no broker, else by a worker while the list polls."""
        form, counties = self._form(request, request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        d = form.cleaned_data
        county = d["county"] or counties.order_by("id").first()
        request_filing(county, d["date"], d["since"], request.user)
        query = {"date": d["date"].isoformat(), "county": county.pk}
        if d["since"]:
            query["since"] = d["since"].isoformat()
        return redirect(f"{request.path}?{urlencode(query)}")

    def _download_filed(self, request):
        pk, fmt = request.GET["filed"], request.GET.get("format")
        if not pk.isdigit() or fmt not in FORMATS:
            return HttpResponseBadRequest("filed 应为存档编号，format 应为 docx 或 md")
        filed = FiledBriefing.objects.visible_to(request.user).filter(pk=pk, status=FiledBriefing.Status.DONE)
        filed = filed.select_related("county").first()
        if filed is None:
            raise Http404("没有这份存档简报")
        record_access(
            actor=request.user,
            action=AccessAction.EXPORT,
            obj=filed.county,
            detail={"what": "filed briefing", "date": filed.date.isoformat(), "format": fmt},
            request=request,
        )
        body = bytes(filed.docx) if fmt == "docx" else filed.markdown.encode()
        response = HttpResponse(body, content_type=FORMATS[fmt])
        name = f"工作简报-{filed.county.name}-{filed.date:%Y%m%d}.{fmt}"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
        return response


def _filed(user, county) -> dict:
    """The county's latest filed briefings, and whether one is still being filed."""
    filed = list(FiledBriefing.objects.visible_to(user).filter(county=county).defer("markdown", "docx")[:7])
    return {
        "filed": filed,
        "filed_county": county,
        "filing": any(f.is_pending for f in filed),
        "filed_at": settings.EDUGUARD_BRIEFING_AT,
    }


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
