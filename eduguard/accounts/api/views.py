from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import AnonRateThrottle


class LoginThrottle(AnonRateThrottle):
    rate = "20/min"


class ObtainTokenView(ObtainAuthToken):
    """POST username and password, get `{"token": …}` for `Authorization: Token …`."""

    throttle_classes = [LoginThrottle]

    @extend_schema(responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}))
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)
