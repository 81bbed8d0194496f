"""The 两案九制 pages: the county's overview per school, a school's documents (latest version,
status, upload, review, history), and a version's file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from eduguard.campus.forms import ReviewForm, UploadForm
from eduguard.campus.models import SchoolDocument
from eduguard.campus.services.documents import (
    completeness,
    completeness_by_school,
    may_review,
    may_upload,
    review_document,
    role_names,
    upload_document,
)
from eduguard.campus.views.crumbs import school_crumbs
from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedDetailView, ScopedListView, ScopedQuerysetMixin, StoredFileView
from eduguard.org.models import School

SCHOOLS = School.objects.select_related("county", "grid")
DOCUMENTS = SchoolDocument.objects.select_related("school", "required", "uploaded_by", "reviewed_by")


class DocumentOverviewView(ScopedListView):
    """Each school in scope with its 两案九制 count today."""

    model = School
    queryset = SCHOOLS.order_by("code")
    template_name = "campus/document_overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        figures = completeness_by_school(self.object_list.values_list("id", flat=True), today)
        for school in ctx["object_list"]:
            school.documents = figures[school.pk]
        complete = sum(f.complete for f in figures.values())
        ctx.update(today=today, schools=len(figures), complete=complete, incomplete=len(figures) - complete)
        return ctx


class SchoolDocumentsView(ScopedDetailView):
    """The school's required documents with their latest version and status, the upload and
    review forms for those who may use them, and every version."""

    model = School
    queryset = SCHOOLS
    template_name = "campus/documents.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        school, user, today = self.object, self.request.user, timezone.localdate()
        state = completeness(school, today)
        versions: dict[int, list] = {}
        for doc in DOCUMENTS.visible_to(user).filter(school=school).order_by("required_id", "-version"):
            versions.setdefault(doc.required_id, []).append(doc)
        upload_form, review_form = kwargs.get("upload_form"), kwargs.get("review_form")
        failed_upload = upload_form.data.get("required") if upload_form is not None else None
        for item in state.items:
            item.versions = versions.get(item.required.pk, [])
            # A refused form is shown again in the row it was sent from.
            item.upload_form = upload_form if failed_upload == str(item.required.pk) else None
            item.review_form = review_form if item.latest and kwargs.get("failed") == item.latest.pk else None
        matched = any(i.upload_form or i.review_form for i in state.items)
        ctx.update(
            crumbs=school_crumbs(user, school, "两案九制"),
            today=today,
            state=state,
            may_upload=may_upload(user, school, today),
            may_review=may_review(user, school, today),
            upload_roles=role_names("campus.document_roles", today),
            approver_roles=role_names("campus.document_approver_roles", today),
            history=[doc for item in state.items for doc in item.versions],
            stray_form=None if matched else upload_form or review_form,  # e.g. a retired document
        )
        return ctx


def _documents_page(request, school, status=400, **forms):
    view = SchoolDocumentsView(request=request, kwargs={"pk": school.pk}, object=school)
    return render(request, SchoolDocumentsView.template_name, view.get_context_data(**forms), status=status)


class UploadView(ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST a new version of one required document of a school in scope."""

    model = School
    queryset = SCHOOLS

    def post(self, request, pk):
        school = self.get_object()
        form = UploadForm(request.POST, request.FILES, day=timezone.localdate())
        if form.is_valid():
            data = form.cleaned_data
            try:
                doc = upload_document(
                    school=school,
                    required=data["required"],
                    upload=data["file"] or None,  # a cleared file input posts False
                    title=data["title"],
                    note=data["note"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已上传“{doc.required.name}”第 {doc.version} 版，等待审定")
                return redirect("campus:documents", school.pk)
        return _documents_page(request, school, upload_form=form)


class ReviewView(ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST approve or return (with a note) for a version in scope."""

    model = SchoolDocument
    queryset = DOCUMENTS

    def post(self, request, pk):
        doc = self.get_object()
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                doc = review_document(document=doc, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request, f"“{doc.required.name}”第 {doc.version} 版{doc.get_status_display()}"
                )
                return redirect("campus:documents", doc.school_id)
        return _documents_page(request, doc.school, review_form=form, failed=doc.pk)


class DocumentFileView(StoredFileView):
    """A version's file, to people who can see the school's documents; each opening is logged."""

    model = SchoolDocument
    queryset = DOCUMENTS

    def download_name(self, doc, ext):
        return f"{doc.school.code}-{doc.required.name}-v{doc.version}{ext}"
