"""A JSON POST with a timeout, shared by the HTTP channels (standard library only)."""

import json
import urllib.error
import urllib.request


class DeliveryError(Exception):
    pass


def post_json(
    url: str, payload: dict, *, token: str = "", idempotency_key: str = "", timeout: float = 10.0
) -> dict:
    if not url:
        raise DeliveryError("channel URL is not configured")
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        url, data=json.dumps(payload, ensure_ascii=False).encode(), headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (configured URL)
            body = response.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DeliveryError(str(exc)[:300]) from exc
    try:
        return json.loads(body or b"{}")
    except ValueError:
        return {}
