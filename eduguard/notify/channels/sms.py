"""SMS through the bureau's gateway: POST {"phone": "+86…", "text": "…", "out_id": "…"} to
SMS_GATEWAY_URL, with the same out_id in an `Idempotency-Key` header.

Most provincial government SMS platforms accept such a call behind a small adapter; the
gateway answers 2xx to accept. A JSON body with "ok": false counts as a failure. `out_id` is
the message's idempotency key (the OutId of the commercial SMS platforms): every attempt at one
message carries the same one, so the gateway drops a resend it already accepted (a worker that
died before it could mark the message sent).
"""

from django.conf import settings

from eduguard.notify.channels.http import DeliveryError, post_json


def send(message) -> None:
    phone = message.reveal_phone()
    if not phone:
        raise DeliveryError("no phone number")
    key = message.idempotency_key()
    answer = post_json(
        settings.SMS_GATEWAY_URL,
        {"phone": phone, "text": message.body, "out_id": key},
        token=settings.SMS_GATEWAY_TOKEN,
        idempotency_key=key,
    )
    if answer.get("ok") is False:
        raise DeliveryError(str(answer.get("error", "gateway refused"))[:300])
