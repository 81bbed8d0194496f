"""Page base classes: every list and detail view reads through `visible_to(request.user)`."""

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import DetailView, ListView
from django.views.generic.detail import SingleObjectMixin

from eduguard.core.forms import add_errors


class ScopedQuerysetMixin(LoginRequiredMixin):
    """get_queryset() starts from the model's scoped manager; a subclass may narrow it further."""

    model = None
    queryset = None  # optional ScopedQuerySet with select_related etc.

    def get_queryset(self):
        base = self.queryset if self.queryset is not None else self.model.objects.all()
        return base.visible_to(self.request.user)


class ScopedListView(ScopedQuerysetMixin, ListView):
    paginate_by = 50


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    """An object outside the user's scope is a plain 404, the same as one that does not exist."""


class ScopedActionView(ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST a form about one record in scope (404 outside it). `act(data)` calls the service and
    returns the message to show; on success the browser goes to `get_success_url()`, on refusal
    the record's page (`detail_view`) is shown again with this form's errors, status 400."""

    form_class = None
    context_name = ""  # the name the detail page gives this form
    detail_view = None

    def get_form(self):
        return self.form_class(self.request.POST, self.request.FILES)

    def act(self, data) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        if form.is_valid():
            try:
                message = self.act(form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect(self.get_success_url())
        page = self.detail_view(request=request, kwargs=self.kwargs, object=self.object)
        ctx = page.get_context_data(object=self.object, **{self.context_name: form})
        return render(request, self.detail_view.template_name, ctx, status=400)


CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


class StoredFileView(ScopedQuerysetMixin, SingleObjectMixin, View):
    """GET: the file a record in scope carries (404 outside scope or without one), each opening
    logged. Under the name `download_name(obj, ext)`; Word files download, PDFs and images open."""

    file_field = "file"

    def download_name(self, obj, ext: str) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def get(self, request, pk):
        from eduguard.audit.models import AccessAction
        from eduguard.audit.services import record_access

        obj = self.get_object()
        stored = getattr(obj, self.file_field)
        if not stored:
            raise Http404
        try:
            handle = stored.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        record_access(
            actor=request.user, action=AccessAction.VIEW, obj=obj, detail={"what": "file"}, request=request
        )
        ext = PurePosixPath(stored.name).suffix.lower()
        return FileResponse(
            handle,
            filename=self.download_name(obj, ext),
            as_attachment=ext in (".doc", ".docx"),
            content_type=CONTENT_TYPES.get(ext, "application/octet-stream"),
        )


def healthz(request):
    """Liveness for a load balancer; also the bare JSON view the benchmarks compare against."""
    return JsonResponse({"ok": True})
