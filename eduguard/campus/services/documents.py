"""The two plans and nine systems of a school (两案九制, domain.md §1): uploading a version,
reviewing it, and the completeness the reopening acceptance checks.

Who may upload and who may review are rules (`campus.document_roles`,
`campus.document_approver_roles`), held over the school itself. A new upload is always a new
version; a version is reviewed once, and only while it is the latest: a changed mind is a new
version, so the rows are the history.
"""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.models import ChangeAction
from eduguard.audit.services import record_change, user_or_none
from eduguard.campus.models import DocumentKind, DocumentStatus, RequiredDocument, SchoolDocument
from eduguard.core.rules import get_rule
from eduguard.core.uploads import MAX_UPLOAD_BYTES
from eduguard.org.models import School

# Accepted extensions and how such a file starts: a renamed executable is refused, and a file
# served back to other users is what its name says.
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".docx": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
MISSING = "missing"  # a required document with no version (yet) on the day asked

# The defaults of domain.md §1, also loaded as editable rows by migration 0002. `ensure_required`
# puts them back into an emptied table (a test database flushed between browser tests).
DEFAULT_DOCUMENTS = [
    ("opening-plan", DocumentKind.PLAN, 1, "开学工作方案"),
    ("prevention-plan", DocumentKind.PLAN, 2, "疫情防控工作方案"),
    ("emergency-plan", DocumentKind.PLAN, 3, "应急处置预案"),
    ("epidemic-reporting", DocumentKind.SYSTEM, 1, "学校传染病疫情报告制度"),
    ("morning-check", DocumentKind.SYSTEM, 2, "晨午检制度"),
    ("absence-tracking", DocumentKind.SYSTEM, 3, "因病缺勤追踪登记制度"),
    ("return-certificate", DocumentKind.SYSTEM, 4, "复课证明查验制度"),
    ("health-management", DocumentKind.SYSTEM, 5, "健康管理制度"),
    ("health-education", DocumentKind.SYSTEM, 6, "传染病防控健康教育制度"),
    ("ventilation-disinfection", DocumentKind.SYSTEM, 7, "通风消毒制度"),
    ("environment-inspection", DocumentKind.SYSTEM, 8, "环境卫生检查制度"),
    ("vaccination-check", DocumentKind.SYSTEM, 9, "免疫预防接种查验制度"),
]
DEFAULT_SOURCE = "domain.md §1（两案九制）"


def ensure_required() -> None:
    """Load the default list into an empty table; a table with rows is the bureau's and is left alone."""
    if RequiredDocument.objects.exists():
        return
    RequiredDocument.objects.bulk_create(
        RequiredDocument(
            code=code,
            kind=kind,
            order=order,
            name=name,
            effective_from=dt.date(2020, 1, 1),
            source=DEFAULT_SOURCE,
        )
        for code, kind, order, name in DEFAULT_DOCUMENTS
    )


def may_upload(user, school: School, day: dt.date | None = None) -> bool:
    return holds_role_over(user, get_rule("campus.document_roles", day), school)


def may_review(user, school: School, day: dt.date | None = None) -> bool:
    return holds_role_over(user, get_rule("campus.document_approver_roles", day), school)


def check_upload(upload) -> str:
    """The upload's extension if its type, size and first bytes are acceptable; else ValidationError."""
    if not upload:
        raise ValidationError({"file": ["请选择要上传的文件"]})
    ext = PurePosixPath(upload.name or "").suffix.lower()
    if ext not in SIGNATURES:
        raise ValidationError({"file": ["文件类型应为 PDF、Word（.doc/.docx）或图片（.jpg/.png）"]})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": [f"文件不能超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"]})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(SIGNATURES[ext]):
        raise ValidationError({"file": [f"文件内容不是有效的 {ext} 文件，请检查后重新上传"]})
    return ext


def _snapshot(doc: SchoolDocument) -> dict:
    return {
        "required": doc.required.code,
        "version": doc.version,
        "title": doc.title,
        "file": doc.file.name,
        "status": doc.status,
        "review_note": doc.review_note,
    }


@transaction.atomic
def upload_document(
    *,
    school: School,
    required: RequiredDocument,
    upload,
    actor,
    title: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> SchoolDocument:
    """Add the next version of `required` for `school`, waiting for review."""
    today = today or timezone.localdate()
    if not may_upload(actor, school, today):
        raise PermissionDenied(
            f"上传两案九制文件须由负责本校的{role_names('campus.document_roles', today)}办理"
        )
    if not required.active or required.effective_from > today:
        raise ValidationError({"required": [f"“{required.name}”目前不在两案九制清单中"]})
    check_upload(upload)
    # Lock the school: two uploads at once must not both take the same next version number.
    School.objects.select_for_update().filter(pk=school.pk).first()
    last = SchoolDocument.objects.filter(school=school, required=required).aggregate(n=Max("version"))["n"]
    doc = SchoolDocument(
        school=school,
        required=required,
        version=(last or 0) + 1,
        title=(title or "").strip()[:100] or required.name,
        note=(note or "").strip()[:200],
        uploaded_by=user_or_none(actor),
        uploaded_at=timezone.now(),
    )
    doc.file = upload
    doc.save()
    record_change(
        actor=actor, source="web", action=ChangeAction.CREATE, obj=doc, before=None, after=_snapshot(doc)
    )
    return doc


REVIEW_DECISIONS = {"approve": DocumentStatus.APPROVED, "return": DocumentStatus.RETURNED}


@transaction.atomic
def review_document(
    *, document: SchoolDocument, decision: str, actor, note: str = "", today: dt.date | None = None
) -> SchoolDocument:
    """Approve or return (with a note) the latest version of a school's document, once."""
    today = today or timezone.localdate()
    if not may_review(actor, document.school, today):
        raise PermissionDenied(
            f"审定两案九制文件须由负责该校的{role_names('campus.document_approver_roles', today)}办理"
        )
    doc = SchoolDocument.objects.select_for_update().select_related("required").get(pk=document.pk)
    note = (note or "").strip()[:200]
    status = REVIEW_DECISIONS.get(decision)
    if status is None:
        raise ValidationError({"decision": ["请选择审定或退回"]})
    latest = SchoolDocument.objects.filter(school_id=doc.school_id, required_id=doc.required_id).aggregate(
        n=Max("version")
    )["n"]
    if doc.version != latest:
        raise ValidationError({"decision": [f"只能审定最新版本（v{latest}），v{doc.version} 已被替换"]})
    if doc.status != DocumentStatus.SUBMITTED:
        raise ValidationError(
            {"decision": [f"v{doc.version} 已{doc.get_status_display()}；如需改动，请学校上传新版本"]}
        )
    if status == DocumentStatus.RETURNED and not note:
        raise ValidationError({"note": ["退回须写明意见，学校据此修改"]})
    before = _snapshot(doc)
    doc.status = status
    doc.review_note = note
    doc.reviewed_by = user_or_none(actor)
    doc.reviewed_at = timezone.now()
    doc.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    record_change(
        actor=actor, source="web", action=ChangeAction.UPDATE, obj=doc, before=before, after=_snapshot(doc)
    )
    return doc


@dataclass
class DocumentState:
    """One required document of a school as it stood on a day: its latest version then, if any."""

    required: RequiredDocument
    latest: SchoolDocument | None
    status: str  # a DocumentStatus value, or MISSING

    @property
    def approved(self) -> bool:
        return self.status == DocumentStatus.APPROVED

    @property
    def label(self) -> str:
        return "未提交" if self.status == MISSING else DocumentStatus(self.status).label


@dataclass
class Completeness:
    """A school's 两案九制 on a day: each required document in force, and the summary.

    Complete means every required document's latest version was approved by then. A list with no
    documents in force is never complete: an emptied list must not pass every school."""

    school_id: int
    day: dt.date
    items: list[DocumentState] = field(default_factory=list)

    @property
    def required(self) -> int:
        return len(self.items)

    @property
    def approved(self) -> int:
        return sum(1 for i in self.items if i.approved)

    @property
    def complete(self) -> bool:
        return self.required > 0 and self.approved == self.required

    @property
    def missing(self) -> list[RequiredDocument]:
        return [i.required for i in self.items if not i.approved]


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def completeness_by_school(school_ids, day: dt.date) -> dict[int, Completeness]:
    """completeness() of several schools in two queries, by school id."""
    school_ids = list(school_ids)
    required = list(RequiredDocument.objects.in_force(day))
    end = _end_of(day)
    latest: dict[tuple[int, int], SchoolDocument] = {}
    docs = (
        SchoolDocument.objects.filter(school_id__in=school_ids, required__in=required, uploaded_at__lt=end)
        .select_related("uploaded_by", "reviewed_by")
        .order_by("school_id", "required_id", "-version")
    )
    for doc in docs:
        latest.setdefault((doc.school_id, doc.required_id), doc)
    result = {}
    for school_id in school_ids:
        items = []
        for req in required:
            doc = latest.get((school_id, req.pk))
            if doc is None:
                status = MISSING
            elif doc.reviewed_at is not None and doc.reviewed_at < end:
                status = doc.status
            else:  # reviewed after the day asked: it was still waiting then
                status = DocumentStatus.SUBMITTED
            items.append(DocumentState(req, doc, status))
        result[school_id] = Completeness(school_id, day, items)
    return result


def completeness(school: School, day: dt.date | None = None) -> Completeness:
    """Per required document in force on `day` (today by default): the latest version uploaded by
    the end of that day, its status then, approved or not; and the summary (approved / required,
    complete). The reopening acceptance calls this."""
    day = day or timezone.localdate()
    return completeness_by_school([school.pk], day)[school.pk]
