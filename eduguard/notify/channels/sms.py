"""SMS through the bureau's gateway: POST {"phone": "+86…", "text": "…"} to SMS_GATEWAY_URL.

Most provincial government SMS platforms accept such a call behind a small adapter; the
gateway answers 2xx to accept. A JSON body with "ok": false counts as a failure.
"""

from django.conf import settings

from eduguard.notify.channels.http import DeliveryError, post_json


def send(message) -> None:
    phone = message.reveal_phone()
    if not phone:
        raise DeliveryError("no phone number")
    answer = post_json(
        settings.SMS_GATEWAY_URL, {"phone": phone, "text": message.body}, token=settings.SMS_GATEWAY_TOKEN
    )
    if answer.get("ok") is False:
        raise DeliveryError(str(answer.get("error", "gateway refused"))[:300])
