"""The demo county's 两案九制 and disinfection/ventilation logs. Bulk-written, deterministic (no
random draws: the figures are asserted by the seed-demo test), and the figures shown come out of
the same services as live records.

Documents: every school uploaded its twelve documents before reopening and the bureau approved
them, except that four schools are missing some (two lack one document, one lacks two, one had its
emergency plan returned twice) and the demo school (the demo accounts' school) has a revised
opening plan waiting for review, so 23 of 28 schools are complete. Every third school's emergency
plan was returned once before its second version was approved (the history a reviewer sees).
The file of every demo version is one sample PDF per document type.

Hygiene: each school lists up to three classrooms, a toilet, a temporary isolation room and, if it
boards, a dormitory and a canteen; each place is aired twice and disinfected once a day for the
last week, with one place-day in five falling short in a way the norms catch.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.campus.models import (
    DisinfectionLog,
    DisinfectionMethod,
    DocumentStatus,
    Place,
    PlaceKind,
    RequiredDocument,
    SchoolDocument,
    VentilationLog,
)
from eduguard.campus.services.documents import ensure_required
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person, SchoolClass

# School position (by code, from 0) → codes of documents it has not uploaded.
MISSING = {
    5: ["vaccination-check"],
    13: ["health-education"],
    20: ["environment-inspection", "vaccination-check"],
}
RETURNED_TWICE = 26  # its emergency plan, v1 and v2 returned: v3 still to come
RETURN_NOTES = ["缺少与定点医院、疾控机构的联系方式", "未明确隔离室转运路线"]
# A fixed week, not `--days`: that option is documented as having no effect until the daily
# reports and checks generate activity (eduguard/org/management/commands/seed-demo.py).
LOG_DAYS = 7
CLASSROOMS = 3


def campus_demo(ctx) -> None:
    ensure_required()
    _documents(ctx)
    _hygiene(ctx)


def sample_file(code: str, name: str) -> str:
    """The stored name of the sample PDF for a document type, written once."""
    path = f"campus/samples/{code}.pdf"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(_pdf(f"EduGuard demo sample: {code}")))
    return path


def _pdf(text: str) -> bytes:
    """A one-page PDF showing `text` (ASCII), with a correct cross-reference table."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _documents(ctx) -> None:
    today = ctx.options.today
    required = list(RequiredDocument.objects.in_force(today))
    files = {r.code: sample_file(r.code, r.name) for r in required}
    demo_school = ctx.schools[ctx.options.profile.demo_school]
    schools = sorted(ctx.schools.values(), key=lambda s: s.code)
    keshi = ctx.users.get("keshi")
    keshi_schools = set(
        ResponsibilityAssignment.objects.filter(user=keshi).values_list("school_id", flat=True)
        if keshi
        else []
    )
    uploader = {
        a.school_id: a.user
        for a in ResponsibilityAssignment.objects.filter(role="principal", user__in=ctx.users.values())
    }
    rows = []
    for i, school in enumerate(schools):
        by = uploader.get(school.pk)
        reviewer = keshi if school.pk in keshi_schools else ctx.users.get("leader")
        sent = today - dt.timedelta(days=21 - i % 5)  # uploads in the three weeks before today

        def version(req, n, status, day, note="", title=None, school=school, by=by, reviewer=reviewer):
            reviewed = status != DocumentStatus.SUBMITTED
            rows.append(
                SchoolDocument(
                    school=school,
                    required=req,
                    version=n,
                    title=title or req.name,
                    file=files[req.code],
                    uploaded_by=by,
                    uploaded_at=_at(day, 9 + n),
                    status=status,
                    reviewed_by=reviewer if reviewed else None,
                    reviewed_at=_at(day + dt.timedelta(days=1), 15) if reviewed else None,
                    review_note=note,
                )
            )

        for req in required:
            if req.code in MISSING.get(i, []):
                continue
            emergency = req.code == "emergency-plan"
            if emergency and i == RETURNED_TWICE:
                version(req, 1, DocumentStatus.RETURNED, sent, RETURN_NOTES[0])
                version(req, 2, DocumentStatus.RETURNED, sent + dt.timedelta(days=3), RETURN_NOTES[1])
            elif emergency and i % 3 == 0:
                version(req, 1, DocumentStatus.RETURNED, sent, RETURN_NOTES[0])
                version(req, 2, DocumentStatus.APPROVED, sent + dt.timedelta(days=3))
            elif req.code == "opening-plan" and school.pk == demo_school.pk:
                version(req, 1, DocumentStatus.APPROVED, sent)
                version(
                    req,
                    2,
                    DocumentStatus.SUBMITTED,
                    today - dt.timedelta(days=1),
                    title="开学工作方案（分批返校修订）",
                )
            else:
                version(req, 1, DocumentStatus.APPROVED, sent)
    SchoolDocument.objects.bulk_create(rows, batch_size=2000)


def _places(ctx) -> list[Place]:
    schools = sorted(ctx.schools.values(), key=lambda s: s.code)
    classes: dict[int, list[str]] = {}
    for school_id, name in (
        SchoolClass.objects.filter(school__in=schools)
        .order_by("school_id", "grade__level", "number")
        .values_list("school_id", "name")
    ):
        names = classes.setdefault(school_id, [])
        if len(names) < CLASSROOMS:
            names.append(name)
    places = []
    for school in schools:
        places += [
            Place(school=school, name=f"{n}教室", kind=PlaceKind.CLASSROOM)
            for n in classes.get(school.pk, [])
        ]
        places.append(Place(school=school, name="教学楼一层卫生间", kind=PlaceKind.TOILET))
        places.append(Place(school=school, name="临时隔离室", kind=PlaceKind.ISOLATION_ROOM))
        if school.boarding:
            places.append(Place(school=school, name="学生宿舍1号楼", kind=PlaceKind.DORMITORY))
            places.append(Place(school=school, name="学生食堂", kind=PlaceKind.CANTEEN))
    return Place.objects.bulk_create(places)


def _signers(ctx) -> dict[int, tuple[str, str]]:
    """Two staff names per school: the operator and the checker of its logs."""
    names: dict[int, list[str]] = {}
    for school_id, name in (
        Person.objects.filter(school__in=ctx.schools.values(), category=PersonCategory.STAFF)
        .order_by("school_id", "id")
        .values_list("school_id", "name")
    ):
        found = names.setdefault(school_id, [])
        if len(found) < 2 and name not in found:
            found.append(name)
    return {pk: (n[0], n[1]) if len(n) == 2 else ("值日教师", "校医") for pk, n in names.items()}


def _hygiene(ctx) -> None:
    """Each place-day meets the norms except one in five, which falls short in one of four ways:
    aired once, aired a second time too briefly, chlorine too weak, not disinfected."""
    places = _places(ctx)
    signers = _signers(ctx)
    doctor = ctx.users.get("doctor")
    demo_school = ctx.schools[ctx.options.profile.demo_school]
    today = ctx.options.today
    airings, disinfections = [], []
    for p, place in enumerate(places):
        operator, checker = signers.get(place.school_id, ("值日教师", "校医"))
        by = doctor if place.school_id == demo_school.pk else None
        signed = {"place": place, "school_id": place.school_id, "operator": operator, "checker": checker}
        isolation = place.kind == PlaceKind.ISOLATION_ROOM
        for d in range(LOG_DAYS):
            day = today - dt.timedelta(days=d)
            fault = (p * 7 + d) % 20  # 3, 8, 13, 17 fall short; the rest comply
            airings.append(
                VentilationLog(
                    date=day, start=dt.time(8), duration_min=30 + p % 3 * 5, recorded_by=by, **signed
                )
            )
            if fault != 3:
                minutes = 20 if fault == 8 else 40
                airings.append(
                    VentilationLog(
                        date=day, start=dt.time(12, 30), duration_min=minutes, recorded_by=by, **signed
                    )
                )
            if fault == 17:
                continue
            strong = 1000 if isolation else 500
            disinfections.append(
                DisinfectionLog(
                    date=day,
                    time=dt.time(7, 30),
                    method=DisinfectionMethod.CHLORINE,
                    agent="84消毒液",
                    concentration_mg_l=(500 if isolation else 200) if fault == 13 else strong,
                    duration_min=30,
                    recorded_by=by,
                    **signed,
                )
            )
            if isolation and fault != 13:  # the UV lamp would make up for the weak solution
                disinfections.append(
                    DisinfectionLog(
                        date=day,
                        time=dt.time(17, 30),
                        method=DisinfectionMethod.UV,
                        agent="紫外线灯",
                        duration_min=30,
                        recorded_by=by,
                        **signed,
                    )
                )
    VentilationLog.objects.bulk_create(airings, batch_size=2000)
    DisinfectionLog.objects.bulk_create(disinfections, batch_size=2000)
