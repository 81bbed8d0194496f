"""Document pages: the register (issued and forwarded), a new document, a document with its
attachments and receipts, a school's receipt, the reminder to schools that have not signed."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from eduguard.accounts.scope import scope_for
from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedActionView, ScopedDetailView, ScopedListView, StoredFileView
from eduguard.org.models import County, School
from eduguard.outreach.forms.documents import DocumentForm, ReceiptForm, RemindForm
from eduguard.outreach.models import Attachment, Direction, Document, Recipient
from eduguard.outreach.services import documents as service


def _issuing_county(user) -> County | None:
    """The county whose documents the user registers (the first, for a multi-county account)."""
    for county in County.objects.visible_to(user).order_by("id"):
        if service.may_issue(user, county):
            return county
    return None


def _pending(user):
    """Receipts the user's schools still owe."""
    scope = scope_for(user)
    rows = Recipient.objects.filter(received_at__isnull=True, document__needs_receipt=True)
    if not scope.everything:
        rows = rows.filter(school_id__in=scope.school_ids)
    return rows.select_related("document", "school").order_by("document__receipt_due", "document_id")


class DocumentListView(ScopedListView):
    model = Document
    template_name = "outreach/documents.html"

    def get_queryset(self):
        qs = (
            super()
            .get_queryset()
            .annotate(
                sent=Count("recipients"),
                signed=Count("recipients", filter=Q(recipients__received_at__isnull=False)),
            )
            .order_by("-date", "-id")
        )
        direction = self.request.GET.get("direction")
        if direction in Direction.values:
            qs = qs.filter(direction=direction)
        q = (self.request.GET.get("q") or "").strip()
        if q:
            qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(origin__icontains=q))
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        counts = service.counts(Document.objects.visible_to(user))
        ctx.update(
            counts=counts,
            sentence=service.sentence(counts[Direction.FORWARDED], counts[Direction.ISSUED]),
            directions=Direction.choices,
            direction=self.request.GET.get("direction", ""),
            q=self.request.GET.get("q", ""),
            pending=_pending(user)[:50],
            may_issue=_issuing_county(user) is not None,
            today=timezone.localdate(),
        )
        return ctx


class DocumentCreateView(LoginRequiredMixin, View):
    template_name = "outreach/document_new.html"

    def _county(self, request):
        county = _issuing_county(request.user)
        if county is None:
            raise PermissionDenied("只有局机关可以登记公文")
        return county

    def _form(self, request, county, data=None, files=None):
        schools = School.objects.filter(county=county).order_by("code")
        initial = {"date": timezone.localdate(), "direction": Direction.ISSUED}
        return DocumentForm(data, files, schools=schools, initial=initial)

    def get(self, request):
        county = self._county(request)
        return render(request, self.template_name, {"form": self._form(request, county), "county": county})

    def post(self, request):
        county = self._county(request)
        form = self._form(request, county, request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            data = service.DocumentIn(
                direction=d["direction"],
                title=d["title"],
                date=d["date"],
                number=d["number"],
                origin=d["origin"],
                summary=d["summary"],
                needs_receipt=d["needs_receipt"],
            )
            try:
                doc = service.register_document(
                    actor=request.user,
                    county=county,
                    data=data,
                    schools=form.chosen_schools(),
                    files=d["files"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已登记并发给 {doc.recipients.count()} 所学校")
                return redirect(doc)
        return render(request, self.template_name, {"form": form, "county": county}, status=400)


class DocumentView(ScopedDetailView):
    model = Document
    template_name = "outreach/document.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        doc, user = self.object, self.request.user
        scope = scope_for(user)
        county_view = scope.everything or County.objects.visible_to(user).filter(pk=doc.county_id).exists()
        rows = doc.recipients.select_related("school", "received_by")
        if not county_view:  # a school sees its own receipt, not the others'
            rows = rows.filter(school_id__in=scope.school_ids)
        rows = list(rows)
        signable = [r.school for r in rows if r.received_at is None and service.may_receive(user, r.school)]
        ctx.update(
            rows=rows,
            state=service.receipt_state(doc),
            county_view=county_view,
            attachments=doc.attachments.all(),
            signable=signable,
            action_form=kwargs.get("receipt_form") or kwargs.get("remind_form"),
            may_remind=county_view and doc.needs_receipt and service.may_issue(user, doc.county),
            today=timezone.localdate(),
        )
        return ctx


class ReceiveView(ScopedActionView):
    model = Document
    form_class, context_name, detail_view = ReceiptForm, "receipt_form", DocumentView

    def get_form(self):
        form = ReceiptForm(self.request.POST)
        form.fields["school"].queryset = School.objects.visible_to(self.request.user)
        return form

    def act(self, data) -> str:
        r = service.receive(actor=self.request.user, document=self.object, school=data["school"])
        return f"{r.school.name}已于{timezone.localtime(r.received_at):%m月%d日 %H:%M}签收"


class RemindView(ScopedActionView):
    model = Document
    form_class, context_name, detail_view = RemindForm, "remind_form", DocumentView

    def act(self, data) -> str:
        n = service.remind_unsigned(actor=self.request.user, document=self.object)
        return f"已提醒未签收学校的校长（{n} 条消息）" if n else "今天已提醒过，没有重复发送"


class AttachmentView(StoredFileView):
    model = Attachment
    queryset = Attachment.objects.select_related("document")

    def download_name(self, attachment, ext):
        return attachment.name if attachment.name.lower().endswith(ext) else f"{attachment.name}{ext}"
