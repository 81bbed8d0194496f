import datetime as dt

import pytest
from django.db import connection
from django.db.models import F
from django.test import override_settings

from eduguard.notify.channels import CHANNELS
from eduguard.notify.models import Message
from eduguard.notify.services import MAX_ATTEMPTS, claim_next, deliver_pending, enqueue
from eduguard.notify.tests.fake_server import FakeServer

pytestmark = pytest.mark.django_db


def test_it_never_enqueues_the_same_message_twice():
    assert enqueue(channel="console", kind="t", dedupe_key="k1", body="hello", phone="+8613800000001")
    assert not enqueue(channel="console", kind="t", dedupe_key="k1", body="hello again")
    message = Message.objects.get()
    assert message.phone_masked == "138****0001" and "13800000001" not in message.phone_enc


def test_the_sms_channel_posts_to_the_gateway_and_marks_sent():
    with (
        FakeServer({"ok": True}) as gateway,
        override_settings(SMS_GATEWAY_URL=gateway.url, SMS_GATEWAY_TOKEN="s3"),
    ):
        enqueue(channel="sms", kind="t", dedupe_key="k", body="请填报", phone="+8613800000001")
        assert deliver_pending() == {"sent": 1, "failed": 0, "retry": 0}
    key = Message.objects.get().idempotency_key()
    assert gateway.received == [
        {
            "body": {"phone": "+8613800000001", "text": "请填报", "out_id": key},
            "auth": "Bearer s3",
            "key": key,
        }
    ]
    assert Message.objects.get().status == "sent"


def test_the_wecom_channel_posts_a_text_message():
    with FakeServer({"errcode": 0}) as robot, override_settings(WECOM_WEBHOOK_URL=robot.url):
        enqueue(channel="wecom", kind="t", dedupe_key="k", body="仍有2人未报", name="王老师")
        deliver_pending()
    assert robot.received[0]["body"] == {"msgtype": "text", "text": {"content": "王老师：仍有2人未报"}}


@pytest.mark.parametrize(("answer", "status"), [({"ok": False, "error": "quota"}, 200), ({}, 500)])
def test_a_refusal_is_retried_then_given_up(answer, status):
    with FakeServer(answer, status) as gateway, override_settings(SMS_GATEWAY_URL=gateway.url):
        enqueue(channel="sms", kind="t", dedupe_key="k", body="x", phone="+8613800000001")
        for _ in range(4):
            assert deliver_pending()["retry"] == 1
        assert deliver_pending()["failed"] == 1
    message = Message.objects.get()
    assert (message.status, message.attempts) == ("failed", 5) and message.last_error


def test_an_unreachable_gateway_is_a_retry_not_a_crash():
    with override_settings(SMS_GATEWAY_URL="http://127.0.0.1:9/"):
        enqueue(channel="sms", kind="t", dedupe_key="k", body="x", phone="+8613800000001")
        assert deliver_pending()["retry"] == 1


def test_a_claimed_message_is_not_sent_by_a_second_worker():
    enqueue(channel="console", kind="t", dedupe_key="k", body="x")
    Message.objects.update(status="sending")  # another worker holds it
    assert deliver_pending() == {"sent": 0, "failed": 0, "retry": 0}


def _age_claims(minutes=3):
    """As if the claims were taken `minutes` ago (longer than services.CLAIM_TIMEOUT)."""
    Message.objects.update(claimed_at=F("claimed_at") - dt.timedelta(minutes=minutes))


def test_every_attempt_at_a_message_carries_its_idempotency_key():
    with FakeServer({}, 500) as gateway, override_settings(SMS_GATEWAY_URL=gateway.url):
        enqueue(channel="sms", kind="t", dedupe_key="k1", body="x", phone="+8613800000001")
        enqueue(channel="sms", kind="t", dedupe_key="k2", body="x", phone="+8613800000001")
        assert deliver_pending()["retry"] == 2
        gateway.status = 200
        assert deliver_pending()["sent"] == 2
    first, second = Message.objects.order_by("id")
    keys = [(post["key"], post["body"]["out_id"]) for post in gateway.received]
    assert keys == [(m.idempotency_key(),) * 2 for m in (first, second, first, second)]
    assert first.idempotency_key() != second.idempotency_key()


def test_a_message_whose_worker_died_after_sending_reaches_its_recipient_once():
    with FakeServer({"ok": True}) as gateway, override_settings(SMS_GATEWAY_URL=gateway.url):
        enqueue(channel="sms", kind="t", dedupe_key="k", body="请填报", phone="+8613800000001")
        CHANNELS["sms"].send(claim_next())  # the gateway took it; the worker died before marking it
        assert deliver_pending() == {"sent": 0, "failed": 0, "retry": 0}  # its claim still holds
        _age_claims()
        assert deliver_pending() == {"sent": 1, "failed": 0, "retry": 0}
        assert deliver_pending() == {"sent": 0, "failed": 0, "retry": 0}
    message = Message.objects.get()
    assert (message.status, message.attempts) == ("sent", 2)
    assert [post["key"] for post in gateway.received] == [message.idempotency_key()] * 2
    assert len(gateway.delivered()) == 1


def test_a_message_that_keeps_stopping_its_worker_is_given_up():
    with FakeServer({"ok": True}) as gateway, override_settings(SMS_GATEWAY_URL=gateway.url):
        enqueue(channel="sms", kind="t", dedupe_key="k", body="x", phone="+8613800000001")
        for _ in range(MAX_ATTEMPTS):
            assert claim_next() is not None  # and the worker dies each time
            _age_claims()
        assert deliver_pending() == {"sent": 0, "failed": 1, "retry": 0}
    message = Message.objects.get()
    assert (message.status, message.last_error) == ("failed", "worker stopped while sending")
    assert gateway.received == []


@pytest.mark.parametrize("skip_locked", ["the database's own", "conditional update"])
def test_workers_claim_the_oldest_message_first_and_each_one_once(skip_locked, monkeypatch):
    if skip_locked == "conditional update":  # the SQLite way, forced on PostgreSQL too
        monkeypatch.setattr(connection.features, "has_select_for_update_skip_locked", False)
    for n in range(3):
        enqueue(channel="console", kind="t", dedupe_key=f"k{n}", body=str(n))
    claimed = [claim_next() for _ in range(4)]
    assert [m.body for m in claimed[:3]] == ["0", "1", "2"] and claimed[3] is None
    assert all(m.status == "sending" and m.attempts == 1 and m.claimed_at for m in claimed[:3])
    _age_claims()
    assert claim_next().body == "0"  # an expired claim is taken again, oldest first
