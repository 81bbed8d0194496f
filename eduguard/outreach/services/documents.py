"""Issuing and forwarding documents, their attachments and recipients, and each school's receipt."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.services import record_web_change
from eduguard.campus.services.documents import check_upload
from eduguard.core.numbers import approx
from eduguard.core.rules import get_rule
from eduguard.notify.services import enqueue, staff_channel
from eduguard.org.models import County, School
from eduguard.outreach.models import Attachment, Direction, Document, Recipient

MAX_ATTACHMENTS = 10


def may_issue(user, county: County) -> bool:
    return holds_role_over(user, get_rule("outreach.document_roles"), county)


def may_receive(user, school: School) -> bool:
    return holds_role_over(user, get_rule("outreach.receipt_roles"), school)


@dataclass
class DocumentIn:
    direction: str
    title: str
    date: dt.date
    number: str = ""
    origin: str = ""
    summary: str = ""
    needs_receipt: bool = True


@transaction.atomic
def register_document(
    *, actor, county: County, data: DocumentIn, schools, files=(), today: dt.date | None = None
) -> Document:
    """Record a document the bureau issues or forwards, send it to `schools` (those of the county)
    and tell each school's principal to sign for it."""
    if not may_issue(actor, county):
        raise PermissionDenied(f"公文由{role_names('outreach.document_roles')}登记")
    schools = list(schools)
    errors: dict[str, list[str]] = {}
    if not schools:
        errors["schools"] = ["请选择接收学校"]
    elif any(s.county_id != county.pk for s in schools):
        errors["schools"] = ["只能发给本县的学校"]
    if data.direction == Direction.FORWARDED and not data.origin.strip():
        errors["origin"] = ["转发的文件须填写来文单位"]
    today = today or timezone.localdate()
    if data.date > today:
        errors["date"] = ["发文日期不能晚于今天"]
    files = list(files)
    if len(files) > MAX_ATTACHMENTS:
        errors["files"] = [f"附件最多 {MAX_ATTACHMENTS} 个"]
    else:
        for upload in files:
            try:
                check_upload(upload)
            except ValidationError as exc:
                errors.setdefault("files", []).extend(f"{upload.name}：{m}" for m in exc.messages)
    if errors:
        raise ValidationError(errors)
    due = data.date + dt.timedelta(days=get_rule("outreach.receipt_days", data.date))
    doc = Document(
        county=county,
        direction=data.direction,
        number=data.number.strip(),
        title=data.title.strip(),
        date=data.date,
        origin=data.origin.strip(),
        summary=data.summary.strip(),
        needs_receipt=data.needs_receipt,
        receipt_due=max(due, today) if data.needs_receipt else None,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            doc.save()
    except IntegrityError:
        raise ValidationError(
            {"number": [f"文号“{doc.number}”的{doc.get_direction_display()}文件已登记"]}
        ) from None
    for upload in files:
        Attachment.objects.create(document=doc, file=upload, name=upload.name[:200], size=upload.size)
    Recipient.objects.bulk_create([Recipient(document=doc, school=s) for s in schools])
    record_web_change(actor=actor, obj=doc, before=None, after=_snapshot(doc, len(schools)))
    if doc.needs_receipt:
        _tell_principals(doc, [s.pk for s in schools], step="new")
    return doc


def _snapshot(doc: Document, schools: int) -> dict:
    return {
        "direction": doc.direction,
        "number": doc.number,
        "title": doc.title,
        "date": doc.date.isoformat(),
        "schools": schools,
    }


@transaction.atomic
def receive(*, actor, document: Document, school: School) -> Recipient:
    """The school signs for the document. Signing twice keeps the first receipt."""
    recipient = Recipient.objects.filter(document=document, school=school).first()
    if recipient is None:
        raise ValidationError({"school": [f"这份文件没有发给{school.name}，无需签收"]})
    if not may_receive(actor, school):
        raise PermissionDenied(f"文件由{role_names('outreach.receipt_roles')}签收")
    now = timezone.now()
    updated = Recipient.objects.filter(pk=recipient.pk, received_at__isnull=True).update(
        received_at=now, received_by=actor
    )
    recipient.refresh_from_db()
    if updated:
        record_web_change(
            actor=actor, obj=recipient, before={"received_at": None}, after={"received_at": now.isoformat()}
        )
    return recipient


def remind_unsigned(*, actor, document: Document, today: dt.date | None = None) -> int:
    """Tell the principals of the schools that have not signed; once a day per school."""
    if not may_issue(actor, document.county):
        raise PermissionDenied(f"催签由{role_names('outreach.document_roles')}办理")
    if not document.needs_receipt:
        raise ValidationError({"__all__": ["这份文件不需要签收"]})
    unsigned = list(document.recipients.filter(received_at__isnull=True).values_list("school_id", flat=True))
    if not unsigned:
        raise ValidationError({"__all__": ["各校均已签收"]})
    return _tell_principals(document, unsigned, step=f"remind:{today or timezone.localdate()}")


def _tell_principals(doc: Document, school_ids: list[int], *, step: str) -> int:
    what = "请签收" if step == "new" else "尚未签收，请尽快签收"
    body = f"【公文】{doc.get_direction_display()}《{doc.title}》{doc.number}{what}。"
    sent = 0
    heads = ResponsibilityAssignment.objects.active().filter(role=Role.PRINCIPAL, school_id__in=school_ids)
    for a in heads.select_related("user"):
        sent += enqueue(
            channel=staff_channel(),
            kind=f"outreach.document.{'new' if step == 'new' else 'remind'}",
            dedupe_key=f"outreach.document:{doc.pk}:{step}:{a.school_id}:u{a.user_id}",
            body=body,
            user=a.user,
            name=str(a.user),
            school_id=a.school_id,
            county_id=doc.county_id,
        )
    return sent


@dataclass
class ReceiptState:
    sent: int
    signed: int
    overdue: int

    @property
    def unsigned(self) -> int:
        return self.sent - self.signed


def receipt_state(doc: Document, today: dt.date | None = None) -> ReceiptState:
    rows = list(doc.recipients.values_list("received_at", flat=True))
    signed = sum(1 for r in rows if r is not None)
    late = doc.needs_receipt and doc.receipt_due and doc.receipt_due < (today or timezone.localdate())
    return ReceiptState(sent=len(rows), signed=signed, overdue=(len(rows) - signed) if late else 0)


def counts(documents) -> dict[str, int]:
    """How many documents of each direction, for the list and the briefing."""
    out = dict.fromkeys(Direction.values, 0)
    for row in documents.order_by().values("direction").annotate(n=Count("id")):
        out[row["direction"]] = row["n"]
    return out


def sentence(forwarded: int, issued: int) -> str:
    """The seed's phrasing: 累计转发省市县各类文件100余件，下发文件、方案、通知共计50余份."""
    return f"累计转发省市县各类文件{approx(forwarded)}件，下发文件、方案、通知共计{approx(issued)}份"
