from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import AnonRateThrottle

from eduguard.accounts.lockout import lockout_response


class LoginThrottle(AnonRateThrottle):
    rate = "20/min"


class ObtainTokenView(ObtainAuthToken):
    """POST username and password, get `{"token": …}` for `Authorization: Token …`.

    Failed attempts count towards the same lock-out as the log-in page (django-axes); a locked
    user name and address gets 429 `{"detail": …}`, whatever the password."""

    throttle_classes = [LoginThrottle]

    @extend_schema(responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}))
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except serializers.ValidationError:
            # Axes flags the request it was handed (DRF's Request, not the Django request its
            # middleware sees), so the lock-out is answered here.
            if getattr(request, "axes_locked_out", False):
                return lockout_response(request._request)
            raise
