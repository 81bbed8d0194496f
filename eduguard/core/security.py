"""Access hardening shared by every app: the client's address behind the bureau's proxy, the
headers Django has no setting for, and a cache-backed request counter for public pages.

Settings (docs/configuration.md): EDUGUARD_PROXY_COUNT, EDUGUARD_PERMISSIONS_POLICY.
"""

import time
from dataclasses import dataclass
from ipaddress import ip_address

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str | None:
    """The address of the browser that sent the request.

    With no proxy (EDUGUARD_PROXY_COUNT=0) it is REMOTE_ADDR. Behind N trusted proxies, each
    appends the address it received the request from to X-Forwarded-For, so the client is the
    N-th entry from the right; anything further left was written by the client and is not trusted.
    A header shorter than N (a request that bypassed a proxy) or an entry that is not an address
    falls back to REMOTE_ADDR, so a forged header can never choose the address.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.EDUGUARD_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote


class SecurityHeadersMiddleware:
    """Permissions-Policy (Django has no setting for it): the powerful browser features are off,
    except the camera on our own pages, which the gate page uses to scan entry QR codes."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = settings.EDUGUARD_PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


@dataclass(frozen=True)
class Limit:
    """At most `count` requests per `window` seconds for one key (a fixed window)."""

    count: int
    window: int

    def exceeded(self, key: str) -> bool:
        """Count one request under `key`; True when it is over the limit (and is to be refused).

        Fixed windows in the shared cache (Redis in production, so every worker counts together;
        the local-memory cache in development and tests). A limit of 0 or less disables it.
        """
        if self.count <= 0:
            return False
        slot = int(time.time() // self.window)
        full_key = f"eg:rate:{key}:{slot}"
        cache.add(full_key, 0, timeout=self.window + 1)
        try:
            used = cache.incr(full_key)
        except ValueError:  # expired between add and incr
            cache.set(full_key, 1, timeout=self.window + 1)
            used = 1
        return used > self.count

    def retry_after(self) -> int:
        """Seconds until the current window ends (the Retry-After header)."""
        return max(1, self.window - int(time.time()) % self.window)
