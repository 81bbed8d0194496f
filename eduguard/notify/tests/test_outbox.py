import pytest
from django.test import override_settings

from eduguard.notify.models import Message
from eduguard.notify.services import deliver_pending, enqueue
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
    assert gateway.received == [{"body": {"phone": "+8613800000001", "text": "请填报"}, "auth": "Bearer s3"}]
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
