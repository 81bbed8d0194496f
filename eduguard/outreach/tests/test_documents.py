"""Documents: the bureau registers and sends; schools sign; the bureau sees who has not."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.core.numbers import approx
from eduguard.core.testing import make_user
from eduguard.notify.models import Message
from eduguard.outreach.models import Attachment, Direction, Document, Recipient
from eduguard.outreach.services import documents as service

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def _doc(w, schools=("S1", "S2"), **kw):
    data = service.DocumentIn(
        direction=kw.pop("direction", Direction.ISSUED),
        title=kw.pop("title", "关于做好开学准备工作的通知"),
        date=kw.pop("date", timezone.localdate()),
        number=kw.pop("number", "测县教发〔2020〕5号"),
        origin=kw.pop("origin", ""),
    )
    return service.register_document(
        actor=kw.pop("actor", w.leader),
        county=w.county,
        data=data,
        schools=[w.schools[k] for k in schools],
        **kw,
    )


def test_a_document_goes_to_its_schools_and_their_principals_are_told(world):
    w = world
    doc = _doc(w)
    assert set(doc.recipients.values_list("school_id", flat=True)) == {w.schools["S1"].pk, w.schools["S2"].pk}
    assert doc.receipt_due == timezone.localdate() + dt.timedelta(days=1)
    told = Message.objects.filter(kind="outreach.document.new")
    assert [m.recipient_user for m in told] == [w.principal]
    assert told.get().school_id == w.schools["S1"].pk and told.get().county_id == w.county.pk


def test_the_school_signs_once_and_the_bureau_sees_who_has_not(world):
    w = world
    doc = _doc(w)
    r = service.receive(actor=w.principal, document=doc, school=w.schools["S1"])
    first = r.received_at
    assert r.received_by == w.principal and first is not None
    again = service.receive(actor=w.principal, document=doc, school=w.schools["S1"])
    assert again.received_at == first  # the first receipt stands
    state = service.receipt_state(doc)
    assert (state.sent, state.signed, state.unsigned) == (2, 1, 1)


def test_a_receipt_for_a_document_the_school_was_not_sent_is_refused(world):
    w = world
    doc = _doc(w, schools=("S2",))
    with pytest.raises(ValidationError, match="没有发给测试S1中学"):
        service.receive(actor=w.principal, document=doc, school=w.schools["S1"])
    assert not Recipient.objects.filter(received_at__isnull=False).exists()


def test_only_the_receipt_roles_sign(world):
    w = world
    doc = _doc(w)
    with pytest.raises(PermissionDenied):
        service.receive(actor=w.doctor, document=doc, school=w.schools["S1"])
    with pytest.raises(PermissionDenied):
        service.receive(actor=w.principal, document=doc, school=w.schools["S2"])
    assert not Recipient.objects.filter(received_at__isnull=False).exists()


def test_only_the_bureau_registers_documents(world):
    with pytest.raises(PermissionDenied):
        _doc(world, actor=world.principal)
    with pytest.raises(PermissionDenied):  # bureau staff covering one school is not the county
        _doc(world, actor=world.bureau_staff)
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"schools": ()}, "schools", "请选择接收学校"),
        ({"direction": Direction.FORWARDED}, "origin", "来文单位"),
        ({"date": timezone.localdate() + dt.timedelta(days=1)}, "date", "不能晚于今天"),
    ],
)
def test_bad_documents_are_refused_and_nothing_is_written(world, change, field, message):
    with pytest.raises(ValidationError) as exc:
        _doc(world, **change)
    assert message in " ".join(exc.value.message_dict[field])
    assert not Document.objects.exists() and not Message.objects.exists()


def test_a_number_is_registered_once_per_direction(world):
    w = world
    _doc(w)
    with pytest.raises(ValidationError, match="已登记"):
        _doc(w)
    _doc(w, direction=Direction.FORWARDED, origin="辽宁省教育厅")  # a forwarded one may carry the same number
    assert Document.objects.count() == 2


def test_a_school_of_another_county_is_refused(world):
    from eduguard.org.models import County, School

    other = County.objects.create(code="210522", name="邻县", bureau_name="邻县教育局")
    far = School.objects.create(county=other, code="X1", name="邻县一中", type="junior")
    data = service.DocumentIn(direction=Direction.ISSUED, title="通知", date=timezone.localdate())
    with pytest.raises(ValidationError, match="本县"):
        service.register_document(actor=world.leader, county=world.county, data=data, schools=[far])
    assert not Document.objects.exists()


def test_attachments_are_checked(world):
    good = SimpleUploadedFile("方案.pdf", PDF, content_type="application/pdf")
    bad = SimpleUploadedFile("病毒.exe", b"MZ....", content_type="application/octet-stream")
    with pytest.raises(ValidationError, match="病毒.exe"):
        _doc(world, files=[good, bad])
    assert not Attachment.objects.exists() and not Document.objects.exists()
    good.seek(0)
    doc = _doc(world, files=[good])
    assert doc.attachments.get().name == "方案.pdf"


def test_reminders_go_to_unsigned_schools_once_a_day(world):
    w = world
    make_user("principal2", Role.PRINCIPAL, w.schools["S2"])
    doc = _doc(w)
    service.receive(actor=w.principal, document=doc, school=w.schools["S1"])
    assert service.remind_unsigned(actor=w.leader, document=doc) == 1
    assert service.remind_unsigned(actor=w.leader, document=doc) == 0
    reminded = Message.objects.get(kind="outreach.document.remind")
    assert reminded.recipient_user.username == "principal2"
    with pytest.raises(PermissionDenied):
        service.remind_unsigned(actor=w.principal, document=doc)


def test_counts_and_the_briefing_sentence(world):
    w = world
    for n in range(3):
        _doc(w, number=f"F{n}", direction=Direction.FORWARDED, origin="本溪市教育局")
    _doc(w, number="I1")
    counts = service.counts(Document.objects.all())
    assert counts == {"issued": 1, "forwarded": 3}
    assert service.sentence(106, 53) == "累计转发省市县各类文件100余件，下发文件、方案、通知共计50余份"


@pytest.mark.parametrize(
    ("n", "text"),
    [(7, "7"), (53, "50余"), (75, "70余"), (100, "100"), (106, "100余"), (595, "590余"), (3046, "3000余")],
)
def test_approx(n, text):
    assert approx(n) == text


# Pages ------------------------------------------------------------------------------------------


def test_the_register_shows_counts_and_pending_receipts(world, client):
    w = world
    doc = _doc(w)
    client.force_login(w.principal)
    page = client.get(reverse("outreach:documents"))
    assert page.status_code == 200
    assert list(page.context["pending"]) == [Recipient.objects.get(document=doc, school=w.schools["S1"])]
    assert not page.context["may_issue"]
    client.force_login(w.leader)
    page = client.get(reverse("outreach:documents"), {"direction": "issued", "q": "开学"})
    assert [d.pk for d in page.context["object_list"]] == [doc.pk] and page.context["may_issue"]


def test_a_principal_signs_on_the_page(world, client):
    w = world
    doc = _doc(w)
    client.force_login(w.principal)
    page = client.get(doc.get_absolute_url())
    assert page.context["signable"] == [w.schools["S1"]]
    assert [r.school for r in page.context["rows"]] == [w.schools["S1"]]  # not the other schools'
    done = client.post(reverse("outreach:document-receive", args=[doc.pk]), {"school": w.schools["S1"].pk})
    assert done.status_code == 302
    assert Recipient.objects.get(document=doc, school=w.schools["S1"]).received_by == w.principal


def test_signing_for_a_school_not_sent_is_a_400(world, client):
    w = world
    doc = _doc(w, schools=("S2", "S3"))
    client.force_login(w.principal)
    # The principal does not see a document not sent to their school: a 404.
    assert (
        client.post(
            reverse("outreach:document-receive", args=[doc.pk]), {"school": w.schools["S1"].pk}
        ).status_code
        == 404
    )
    client.force_login(w.admin)
    page = client.post(reverse("outreach:document-receive", args=[doc.pk]), {"school": w.schools["S1"].pk})
    assert page.status_code == 400 and "没有发给测试S1中学" in page.content.decode()
    page = client.post(reverse("outreach:document-receive", args=[doc.pk]), {"school": "abc"})
    assert page.status_code == 400
    assert not Recipient.objects.filter(received_at__isnull=False).exists()


def test_the_new_document_page(world, client):
    w = world
    client.force_login(w.principal)
    assert client.get(reverse("outreach:document-new")).status_code == 403
    client.force_login(w.leader)
    url = reverse("outreach:document-new")
    assert client.get(url).status_code == 200
    bad = client.post(
        url, {"direction": "forwarded", "title": "转发通知", "date": "2020-02-01", "all_schools": "on"}
    )
    assert bad.status_code == 400 and "来文单位" in bad.content.decode()
    assert client.post(url, {"direction": "sideways", "title": "", "date": "x"}).status_code == 400
    assert not Document.objects.exists()
    upload = SimpleUploadedFile("通知.pdf", PDF, content_type="application/pdf")
    ok = client.post(
        url,
        {
            "direction": "issued",
            "title": "关于延期开学的通知",
            "number": "测县教发〔2020〕1号",
            "date": "2020-02-01",
            "needs_receipt": "on",
            "schools": [w.schools["S1"].pk],
            "files": [upload],
        },
    )
    doc = Document.objects.get()
    assert ok.status_code == 302 and list(doc.recipients.values_list("school_id", flat=True)) == [
        w.schools["S1"].pk
    ]
    att = doc.attachments.get()
    client.force_login(w.principal)
    got = client.get(reverse("outreach:attachment", args=[att.pk]))
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"%PDF")


def test_remind_on_the_page(world, client):
    w = world
    doc = _doc(w)
    client.force_login(w.principal)
    url = reverse("outreach:document-remind", args=[doc.pk])
    assert client.post(url, {"confirm": "1"}).status_code == 403
    client.force_login(w.leader)
    assert client.post(url).status_code == 400  # not confirmed
    assert not Message.objects.filter(kind="outreach.document.remind").exists()
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert Message.objects.filter(kind="outreach.document.remind").count() == 1
