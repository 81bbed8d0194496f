"""Roster pages: export (.xlsx, masked, logged) and the web import with its progress partial."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db import transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView

from eduguard.org.models import ImportJob
from eduguard.org.roster.exporter import export_roster
from eduguard.org.roster.forms import RosterUploadForm
from eduguard.org.roster.importer import create_import_job
from eduguard.org.roster.tasks import run_import_job

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _optional_id(request, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ValueError(name)
    return int(raw)


class RosterExportView(LoginRequiredMixin, View):
    """GET: the user's roster (optionally one school or class of it) as .xlsx."""

    def get(self, request):
        try:
            school_id, class_id = _optional_id(request, "school"), _optional_id(request, "class")
        except ValueError as exc:
            return HttpResponseBadRequest(f"参数 {exc} 应为数字")
        content, _ = export_roster(request.user, school_id=school_id, class_id=class_id, request=request)
        response = HttpResponse(content, content_type=XLSX)
        name = f"roster-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class RosterImportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """GET: the upload form and the user's recent jobs. POST: queue an ImportJob, go to its page."""

    permission_required = "org.add_person"
    template_name = "org/roster/import.html"

    def get(self, request):
        return self._render(request, RosterUploadForm())

    def post(self, request):
        form = RosterUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form, status=400)
        job = create_import_job(
            user=request.user,
            file_name=form.cleaned_data["file"].name,
            data=form.cleaned_data["data"],
            skip_invalid=form.cleaned_data["skip_invalid"],
            dry_run=form.cleaned_data["dry_run"],
        )
        transaction.on_commit(lambda: run_import_job.delay(job.pk))
        return redirect("org:roster-import-job", pk=job.pk)

    def _render(self, request, form, status=200):
        jobs = ImportJob.objects.visible_to(request.user).defer("data", "errors")[:10]
        return render(request, self.template_name, {"form": form, "jobs": jobs}, status=status)


class _JobMixin(LoginRequiredMixin):
    """A user's own jobs only (the administrator's: all); any other id is a plain 404."""

    model = ImportJob  # also tells the leak test (core/tests/leaks/) what the pk names

    def get_object(self):
        return get_object_or_404(
            ImportJob.objects.visible_to(self.request.user).defer("data"), pk=self.kwargs["pk"]
        )


class ImportJobView(_JobMixin, DetailView):
    template_name = "org/roster/job.html"
    context_object_name = "job"


class ImportJobProgressView(_JobMixin, View):
    """The htmx partial: progress bar while running, then the result and the error list."""

    def get(self, request, pk):
        return render(request, "org/roster/_progress.html", {"job": self.get_object()})
