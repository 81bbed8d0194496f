"""WeCom (企业微信) group robot: POST a text message to WECOM_WEBHOOK_URL.

The robot API takes no idempotency key: a worker that dies between the post and marking the
message sent makes the group see that message twice once it is retried (notify.services).
"""

from django.conf import settings

from eduguard.notify.channels.http import DeliveryError, post_json


def send(message) -> None:
    content = f"{message.recipient_name}：{message.body}" if message.recipient_name else message.body
    answer = post_json(settings.WECOM_WEBHOOK_URL, {"msgtype": "text", "text": {"content": content}})
    if answer.get("errcode", 0) != 0:
        raise DeliveryError(f"wecom errcode {answer.get('errcode')}: {answer.get('errmsg', '')}"[:300])
