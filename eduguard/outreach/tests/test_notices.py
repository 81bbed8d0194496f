"""Bulk notices: the units offered, the recipients (one per phone), the preview and the send."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from eduguard.audit.models import ChangeLog
from eduguard.core.testing import make_person
from eduguard.notify.models import Message, Status
from eduguard.org.models import Guardian
from eduguard.outreach.models import Audience, Notice
from eduguard.outreach.services import messages as traffic
from eduguard.outreach.services import notices as service


@pytest.fixture
def families(world):
    """Guardians with phones for the S1 students; S1C1A's two parents; S1C1B and S1C2A siblings."""
    w = world
    phones = {"S1C1A": "13800000001", "S1C1B": "13800000002", "S1C2A": "13800000002", "S1C2B": "13800000003"}
    mother = Guardian.objects.get(person=w.people["S1C1A"])
    mother.set_phone("+86" + phones["S1C1A"])
    mother.save()
    father = Guardian(person=w.people["S1C1A"], name="父亲S1C1A", relation="father")
    father.set_phone("+8613800000009")
    father.save()
    for key in ("S1C1B", "S1C2A", "S1C2B"):
        g = Guardian(person=w.people[key], name=f"家长{key}", relation="mother")
        g.set_phone("+86" + phones[key])
        g.save()
    for key in ("S1TA", "S1TB"):
        w.people[key].set_phone(f"+861390000000{key[-1] == 'A' and 1 or 2}")
        w.people[key].save()
    return w


def _send(w, actor, unit, body="明天起请每天早上八点前填报健康日报。", audience=Audience.GUARDIANS):
    p = service.preview(actor=actor, unit=unit, audience=audience, signature="测试S1中学", body=body)
    return service.send_notice(
        actor=actor, unit=unit, audience=audience, signature="测试S1中学", body=body, token=p.token
    )


def test_one_message_per_phone_siblings_share(families):
    w = families
    phones, missing = service.recipients(w.schools["S1"], Audience.GUARDIANS)
    assert len(phones) == 3 and missing == 0  # four students, siblings share a phone
    phones, _ = service.recipients(w.schools["S1"], Audience.ALL_GUARDIANS)
    assert len(phones) == 4  # and the father too
    phones, missing = service.recipients(w.classes["S1C1"], Audience.GUARDIANS)
    assert len(phones) == 2 and missing == 0
    phones, missing = service.recipients(w.schools["S2"], Audience.GUARDIANS)
    assert phones == [] and missing == 4
    phones, _ = service.recipients(w.schools["S1"], Audience.STAFF)
    assert len(phones) == 2


def test_the_send_queues_what_was_previewed(families):
    w = families
    notice = _send(w, w.head_teacher, w.classes["S1C1"])
    msgs = Message.objects.filter(notice=notice)
    assert notice.recipients == msgs.count() == 2
    assert {m.body for m in msgs} == {"【测试S1中学】明天起请每天早上八点前填报健康日报。"}
    assert {m.school_id for m in msgs} == {w.schools["S1"].pk} and {m.county_id for m in msgs} == {
        w.county.pk
    }
    assert {m.status for m in msgs} == {Status.PENDING} and all(
        m.phone_masked.startswith("138") for m in msgs
    )
    assert (notice.school, notice.grade, notice.school_class) == (
        w.schools["S1"],
        w.grades["S1"],
        w.classes["S1C1"],
    )
    assert ChangeLog.objects.filter(object_type="outreach.notice", object_id=str(notice.pk)).exists()


def test_a_changed_text_or_count_needs_a_new_preview(families):
    w = families
    unit = w.classes["S1C1"]
    p = service.preview(actor=w.head_teacher, unit=unit, audience="guardians", signature="S1", body="第一稿")
    with pytest.raises(ValidationError, match="与预览不同"):
        service.send_notice(
            actor=w.head_teacher,
            unit=unit,
            audience="guardians",
            signature="S1",
            body="第二稿",
            token=p.token,
        )
    newcomer = make_person(w.schools["S1"], unit, name="插班生")  # a new student, a new phone
    g = Guardian(person=newcomer, name="新家长", relation="father")
    g.set_phone("+8613700000000")
    g.save()
    with pytest.raises(ValidationError, match="现为"):
        service.send_notice(
            actor=w.head_teacher,
            unit=unit,
            audience="guardians",
            signature="S1",
            body="第一稿",
            token=p.token,
        )
    assert not Notice.objects.exists() and not Message.objects.exists()


def test_the_same_notice_twice_in_a_moment_is_not_sent_again(families):
    w = families
    _send(w, w.principal, w.schools["S1"])
    with pytest.raises(ValidationError, match="刚刚已发"):
        _send(w, w.principal, w.schools["S1"])
    assert Notice.objects.count() == 1 and Message.objects.count() == 3


@pytest.mark.parametrize(
    ("who", "unit"),
    [
        ("head_teacher", ("classes", "S1C2")),  # another class
        ("principal", ("schools", "S2")),  # another school
        ("doctor", ("schools", "S1")),  # not a notice role
        ("bureau_staff", ("county", None)),  # covers one school, not the county
        ("parent", ("classes", "S1C1")),
    ],
)
def test_a_unit_outside_the_senders_cover_is_refused(families, who, unit):
    w = families
    target = w.county if unit[0] == "county" else getattr(w, unit[0])[unit[1]]
    with pytest.raises(PermissionDenied):
        _send(w, getattr(w, who), target)
    assert not Notice.objects.exists()


@pytest.mark.parametrize(
    ("body", "signature", "field"),
    [("", "S1", "body"), ("字" * 301, "S1", "body"), ("内容", " ", "signature")],
)
def test_bad_text_is_refused(families, body, signature, field):
    w = families
    with pytest.raises(ValidationError) as exc:
        service.preview(
            actor=w.principal, unit=w.schools["S1"], audience="guardians", signature=signature, body=body
        )
    assert field in exc.value.message_dict


def test_nobody_to_reach_and_staff_of_a_class_are_refused(families):
    w = families
    with pytest.raises(ValidationError, match="没有可发送"):
        service.preview(
            actor=w.admin, unit=w.schools["S2"], audience="guardians", signature="S2", body="通知"
        )
    with pytest.raises(ValidationError, match="县或学校"):
        service.preview(actor=w.admin, unit=w.classes["S1C1"], audience="staff", signature="S1", body="通知")


def test_units_offered_follow_the_cover(families):
    w = families
    assert service.writable_units(w.head_teacher) == [w.classes["S1C1"]]
    principal = service.writable_units(w.principal)
    assert principal == [w.schools["S1"], w.grades["S1"], w.classes["S1C1"], w.classes["S1C2"]]
    leader = service.writable_units(w.leader)
    assert leader[0] == w.county and w.classes["S1C1"] not in leader and w.grades["S3"] in leader
    assert service.writable_units(w.doctor) == [] and service.writable_units(w.outsider) == []


def test_parse_unit(families):
    w = families
    assert service.parse_unit(f"class:{w.classes['S1C1'].pk}") == w.classes["S1C1"]
    for bad in ("", "class:", "room:1", "school:999999", "school:x"):
        with pytest.raises(ValidationError):
            service.parse_unit(bad)


def test_sms_parts():
    assert service.sms_parts("字" * 70) == 1
    assert service.sms_parts("字" * 71) == 2
    assert service.sms_parts("字" * 135) == 3


# Traffic ----------------------------------------------------------------------------------------


def test_traffic_counts_by_purpose_and_channel_within_scope(families):
    w = families
    notice = _send(w, w.principal, w.schools["S1"])
    Message.objects.filter(notice=notice).update(channel="sms", status=Status.SENT)
    from eduguard.notify.services import enqueue

    enqueue(
        channel="wecom",
        kind="health.escalate_teacher",
        dedupe_key="k1",
        body="x",
        school_id=w.schools["S2"].pk,
        county_id=w.county.pk,
    )
    enqueue(channel="console", kind="something.new", dedupe_key="k2", body="x")  # about no unit
    t = traffic.traffic(Message.objects.visible_to(w.leader))
    assert t.total == 4 and t.by_channel == {"sms": 3, "wecom": 1}
    assert t.rows[0] == ("家校通知", {"sms": 3}, 3) and ("日报未报通报", {"wecom": 1}, 1) in t.rows
    mine = traffic.traffic(Message.objects.visible_to(w.principal))
    assert mine.total == 3  # the S2 message is not the principal's to count
    assert traffic.traffic(Message.objects.visible_to(w.admin)).total == 5
    assert traffic.traffic(Message.objects.visible_to(w.outsider)).total == 0
    Message.objects.filter(notice=notice).update(sent_at=timezone.now())
    assert traffic.sms_sent(Message.objects.visible_to(w.leader)) == 3
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert traffic.sms_sent(Message.objects.visible_to(w.leader), since=tomorrow) == 0
    assert traffic.sms_sentence(27436).endswith("共发送短信27436条")


# Pages ------------------------------------------------------------------------------------------


def test_preview_then_send_on_the_page(families, client):
    w = families
    client.force_login(w.head_teacher)
    url = reverse("outreach:notice-new")
    assert client.get(url).status_code == 200
    data = {
        "unit": f"class:{w.classes['S1C1'].pk}",
        "audience": "guardians",
        "signature": "测试S1中学",
        "body": "请按时填报。",
    }
    page = client.post(url, {**data, "preview": "1"})
    assert page.status_code == 200 and page.context["preview"].count == 2
    assert not Notice.objects.exists()
    token = page.context["preview"].token
    done = client.post(url, {**data, "token": token, "send": "1"})
    notice = Notice.objects.get()
    assert done.status_code == 302 and done.url == notice.get_absolute_url()
    detail = client.get(notice.get_absolute_url())
    assert detail.status_code == 200 and "【测试S1中学】请按时填报。" in detail.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"unit": "class:999999"},
        {"unit": "school:1x"},
        {"audience": "everyone"},
        {"body": ""},
        {"token": "forged", "send": "1"},
    ],
)
def test_bad_notice_posts_are_400_and_write_nothing(families, client, change):
    w = families
    client.force_login(w.head_teacher)
    data = {
        "unit": f"class:{w.classes['S1C1'].pk}",
        "audience": "guardians",
        "signature": "S1",
        "body": "通知",
        "preview": "1",
    }
    page = client.post(reverse("outreach:notice-new"), {**data, **change})
    assert page.status_code == 400
    assert not Notice.objects.exists() and not Message.objects.exists()


def test_another_class_is_not_offered_nor_accepted(families, client):
    w = families
    client.force_login(w.head_teacher)
    data = {
        "unit": f"class:{w.classes['S1C2'].pk}",
        "audience": "guardians",
        "signature": "S1",
        "body": "通知",
        "preview": "1",
    }
    page = client.post(reverse("outreach:notice-new"), data)
    assert page.status_code == 400 and "unit" in page.context["form"].errors
    client.force_login(w.doctor)
    assert client.get(reverse("outreach:notice-new")).status_code == 403


def test_the_messages_page(families, client):
    w = families
    client.force_login(w.leader)
    page = client.get(reverse("outreach:messages"), {"since": "2020-01-01", "until": "2030-01-01"})
    assert page.status_code == 200 and page.context["may_notify"]
    bad = client.get(reverse("outreach:messages"), {"since": "2020-02-02", "until": "2020-02-01"})
    assert bad.status_code == 400 and "结束日期" in bad.content.decode()
    assert client.get(reverse("outreach:messages"), {"since": "nonsense"}).status_code == 400
