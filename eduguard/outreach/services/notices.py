"""Bulk notices to families or staff (家校互动): the units a user may write to, who would get the
message, a preview with the count, and the send, which queues one outbox message per phone."""

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over, role_names, role_scope
from eduguard.audit.services import record_web_change
from eduguard.core.rules import get_rule
from eduguard.notify.models import Message, Status
from eduguard.notify.services import phone_channel
from eduguard.org.choices import PersonCategory
from eduguard.org.models import County, Grade, Guardian, Person, School, SchoolClass
from eduguard.outreach.models import Audience, Notice

SMS_SINGLE = 70  # characters in one SMS; a longer text goes in parts of 67
SMS_PART = 67
UNIT_KINDS = {"county": County, "school": School, "grade": Grade, "class": SchoolClass}


def unit_key(unit) -> str:
    kind = next(k for k, model in UNIT_KINDS.items() if isinstance(unit, model))
    return f"{kind}:{unit.pk}"


def unit_label(unit) -> str:
    if isinstance(unit, SchoolClass):
        return f"{unit.school.name}{unit.name}"
    if isinstance(unit, Grade):
        return f"{unit.school.name}{unit.name}"
    return unit.name


def writable_units(user) -> list:
    """The units the user may write to, widest first: their counties, then the schools, grades and
    classes they cover in one of `outreach.notice_roles`. A bureau user is offered schools and
    grades (a class is reached through its school's staff); a school user also its classes."""
    if user.is_superuser:
        counties = list(County.objects.all())
        schools = School.objects.all()
    else:
        scope = role_scope(user, "outreach.notice_roles")
        counties = list(County.objects.filter(id__in=scope.county_ids))
        schools = School.objects.filter(id__in=scope.school_ids)
    schools = list(schools.order_by("code"))
    grade_q = Q(school__in=schools)
    class_q = Q(school__in=schools) if not counties else Q(pk__in=[])
    if not user.is_superuser:
        grade_q |= Q(id__in=scope.grade_ids)
        class_q |= Q(grade_id__in=scope.grade_ids) | Q(id__in=scope.class_ids)
    grades = list(Grade.objects.filter(grade_q).select_related("school").order_by("school__code", "level"))
    classes = list(
        SchoolClass.objects.filter(class_q)
        .select_related("school", "grade")
        .order_by("school__code", "grade__level", "number")
    )
    return [*counties, *schools, *grades, *classes]


def parse_unit(key: str):
    kind, _, pk = (key or "").partition(":")
    model = UNIT_KINDS.get(kind)
    if model is None or not pk.isdigit():
        raise ValidationError({"unit": ["请选择发送范围"]})
    unit = model.objects.filter(pk=int(pk)).first()
    if unit is None:
        raise ValidationError({"unit": ["发送范围不存在"]})
    return unit


def _people(unit, audience: str):
    people = Person.objects.filter(is_active=True)
    if isinstance(unit, County):
        people = people.filter(county=unit)
    elif isinstance(unit, School):
        people = people.filter(school=unit)
    elif isinstance(unit, Grade):
        people = people.filter(school_class__grade=unit)
    else:
        people = people.filter(school_class=unit)
    if audience == Audience.STAFF:
        if isinstance(unit, Grade | SchoolClass):
            raise ValidationError({"audience": ["教职工通知请选择县或学校范围"]})
        return people.filter(category=PersonCategory.STAFF)
    return people.filter(category=PersonCategory.STUDENT)


@dataclass(frozen=True)
class Phone:
    name: str
    enc: str
    masked: str
    key: str  # the keyed hash: one message per phone
    school_id: int | None


def recipients(unit, audience: str) -> tuple[list[Phone], int]:
    """The phones a notice to `unit` reaches, one per phone, and how many people have none.
    Guardians: each student's first guardian with a phone (all of them with ALL_GUARDIANS)."""
    people = _people(unit, audience)
    phones: dict[str, Phone] = {}
    missing = 0
    if audience == Audience.STAFF:
        rows = people.values_list("name", "phone_enc", "phone_masked", "phone_hash", "school_id")
        for name, enc, masked, key, school_id in rows.order_by("id"):
            if not enc:
                missing += 1
                continue
            phones.setdefault(key, Phone(name, enc, masked, key, school_id))
        return list(phones.values()), missing
    phones, reached = pick_guardians(guardian_rows(people), audience)
    return phones, people.count() - reached


GUARDIAN_FIELDS = ("person_id", "name", "phone_enc", "phone_masked", "phone_hash", "person__school_id")


def guardian_rows(people):
    """The guardians with a phone of these students, in the order `pick_guardians` needs."""
    rows = Guardian.objects.filter(person__in=people).exclude(phone_enc="")
    return rows.values_list(*GUARDIAN_FIELDS).order_by("person_id", "id")


def pick_guardians(rows, audience: str) -> tuple[list[Phone], int]:
    """From guardian rows (GUARDIAN_FIELDS, by student then guardian): one Phone per phone, and
    how many students are reached. GUARDIANS takes each student's first guardian only."""
    phones: dict[str, Phone] = {}
    reached: set[int] = set()
    for person_id, name, enc, masked, key, school_id in rows:
        if audience == Audience.GUARDIANS and person_id in reached:
            continue
        reached.add(person_id)
        phones.setdefault(key, Phone(name, enc, masked, key, school_id))
    return list(phones.values()), len(reached)


def sms_parts(text: str) -> int:
    return 1 if len(text) <= SMS_SINGLE else -(-len(text) // SMS_PART)


@dataclass
class Preview:
    unit: object
    audience: str
    signature: str
    body: str
    count: int
    missing: int
    phones: list[Phone] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        return f"【{self.signature}】{self.body}"

    @property
    def parts(self) -> int:
        return sms_parts(self.text)

    @property
    def token(self) -> str:
        """What the sender confirmed: the same unit, audience, text and count."""
        raw = f"{unit_key(self.unit)}|{self.audience}|{self.text}|{self.count}"
        return hashlib.sha256(raw.encode()).hexdigest()[:32]


def preview(*, actor, unit, audience: str, signature: str, body: str) -> Preview:
    if not holds_role_over(actor, get_rule("outreach.notice_roles"), unit):
        raise PermissionDenied(f"群发通知由负责该范围的{role_names('outreach.notice_roles')}发送")
    if audience not in Audience.values:
        raise ValidationError({"audience": ["请选择通知对象"]})
    body, signature = body.strip(), signature.strip()
    limit = get_rule("outreach.notice_max_chars")
    errors = {}
    if not body:
        errors["body"] = ["请填写通知内容"]
    elif len(body) > limit:
        errors["body"] = [f"通知内容不能超过{limit}字（现{len(body)}字）"]
    if not signature:
        errors["signature"] = ["请填写签名（发送单位）"]
    if errors:
        raise ValidationError(errors)
    phones, missing = recipients(unit, audience)
    if not phones:
        raise ValidationError({"unit": ["这个范围内没有可发送的手机号"]})
    return Preview(unit, audience, signature, body, len(phones), missing, phones)


@transaction.atomic
def send_notice(*, actor, unit, audience: str, signature: str, body: str, token: str) -> Notice:
    """Queue the notice the sender previewed. Refused when the count or text changed since the
    preview (it is shown again), or when the same text went to the same unit a moment ago."""
    p = preview(actor=actor, unit=unit, audience=audience, signature=signature, body=body)
    if token != p.token:
        raise ValidationError(
            {"__all__": [f"收件人数或内容与预览不同（现为{p.count}人），请核对后再确认发送"]}
        )
    school = unit if isinstance(unit, School) else getattr(unit, "school", None)
    county_id = unit.pk if isinstance(unit, County) else school.county_id
    fields = {
        "county_id": county_id,
        "school": school,
        "grade": unit if isinstance(unit, Grade) else getattr(unit, "grade", None),
        "school_class": unit if isinstance(unit, SchoolClass) else None,
    }
    since = timezone.now() - dt.timedelta(minutes=get_rule("outreach.notice_repeat_minutes"))
    if Notice.objects.filter(
        created_by=actor, audience=audience, body=p.body, created_at__gte=since, **fields
    ).exists():
        raise ValidationError({"__all__": ["同样的通知刚刚已发给这个范围，没有重复发送"]})
    phones = p.phones
    notice = Notice.objects.create(
        audience=audience,
        channel=phone_channel(),
        signature=p.signature,
        body=p.body,
        recipients=len(phones),
        created_by=actor,
        **fields,
    )
    text = notice.text()
    Message.objects.bulk_create(
        [
            Message(
                channel=notice.channel,
                kind="outreach.notice",
                dedupe_key=f"outreach.notice:{notice.pk}:{phone.key[:40]}",
                body=text,
                recipient_name=phone.name[:60],
                phone_enc=phone.enc,
                phone_masked=phone.masked,
                school_id=phone.school_id,
                county_id=county_id,
                notice=notice,
                status=Status.PENDING,
            )
            for phone in phones
        ],
        batch_size=1000,
    )
    record_web_change(
        actor=actor,
        obj=notice,
        before=None,
        after={"unit": unit_key(unit), "audience": audience, "recipients": notice.recipients},
    )
    return notice
