"""The work briefing's page: pick the date (and the start of the period), read it, download it as
Word or Markdown. For those who see a county whole; every download is logged."""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from eduguard.accounts.scope import scope_for
from eduguard.audit.models import AccessAction
from eduguard.audit.services import record_access
from eduguard.briefing.services.briefing import build, to_markdown
from eduguard.briefing.services.briefing_docx import to_docx
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

    def _form(self, request):
        counties = _counties(request.user)
        if not counties.exists():
            raise PermissionDenied("工作简报由县级负责人查看")
        data = request.GET.copy()
        data.setdefault("date", timezone.localdate().isoformat())
        return BriefingForm(data, counties=counties), counties

    def get(self, request):
        form, counties = self._form(request)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        d = form.cleaned_data
        county = d["county"] or counties.order_by("id").first()
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
            {"form": form, "briefing": briefing, "query": request.GET.urlencode()},
        )


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
