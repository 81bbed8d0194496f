"""The OpenAPI schema documents the errors each operation can answer, not only its successes.

drf-spectacular documents a view's success answers. The API contract (DESIGN.md) fixes the shape
of the errors, and this AutoSchema (settings REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]) adds the ones
an operation can give, so that the schema the fuzz test holds every answer to
(core/tests/test_api_fuzz.py) and the committed docs/openapi.yaml are the whole truth:

    400  {field: [messages]}   the operation takes query parameters or a body
    401  {"detail": message}   any operation: a wrong or revoked token is refused even where none
                               is needed
    403  {"detail": message}   an operation that writes: a session without its CSRF token
    404  {"detail": message}   one record by id (missing and out of scope read alike), or a page
                               of a list past its end
    429  {"detail": message}   a view that throttles (the token endpoint)

It also leaves out of answers the integer limits that come from the database (DATABASE_LIMITS),
so the schema is the same on SQLite and PostgreSQL. A view documents any other error with
@extend_schema(responses={code: …}); what it documents wins.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

VALIDATION_ERROR = {
    "type": "object",
    "description": _("字段 → 错误信息列表；请求体无法解析时为 detail → 错误信息"),
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}],
    },
}


class ErrorSerializer(serializers.Serializer):
    """The body of a 401, 403, 404 or 429 (component "Error")."""

    detail = serializers.CharField()


DESCRIPTIONS = {
    "400": _("请求参数或请求体有误"),
    "401": _("未提供有效的身份凭证"),
    "403": _("无权执行此操作（会话方式提交时缺少 CSRF 令牌）"),
    "404": _("记录不存在或不在权限范围内；或页码超出范围"),
    "429": _("请求过于频繁或登录已被锁定"),
}


# The integer ranges a database gives model fields (connection.ops.integer_field_range): 64-bit on
# SQLite, 16/32/64-bit on PostgreSQL. An answer's field documented with them would make the schema
# depend on DATABASE_URL, so they are left out of answers (inputs keep their own limits, e.g. MAX_ID).
DATABASE_LIMITS = {-(2**63), 2**63 - 1, -(2**31), 2**31 - 1, -(2**15), 2**15 - 1}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(error_response(code), code, direction=direction)
        return responses

    def _map_basic_serializer(self, serializer, direction):
        component = super()._map_basic_serializer(serializer, direction)
        if direction == "response":
            for schema in component.get("properties", {}).values():
                if schema.get("type") != "integer":
                    continue
                for key in ("maximum", "minimum"):
                    if schema.get(key) in DATABASE_LIMITS:
                        del schema[key]
                if all(-(2**31) <= schema.get(key, 0) < 2**31 for key in ("maximum", "minimum")):
                    schema.pop("format", None)  # int64 was there for a database's limit
        return component

    def _error_codes(self) -> list[str]:
        codes = []
        takes_input = self.method in ("POST", "PUT", "PATCH") or bool(
            [p for p in self._get_parameters() if p["in"] == "query"]
        )
        if takes_input:
            codes.append("400")
        codes.append("401")
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            codes.append("403")
        if "{" in self.path or (self._is_list_view() and self._get_paginator() is not None):
            codes.append("404")
        if getattr(self.view, "throttle_classes", None):
            codes.append("429")
        return codes

    def _get_response_for_code(self, serializer, status_code, media_types=None, direction="response"):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        content = response.get("content", {}).get("application/json", {})
        if content.get("schema") is VALIDATION_ERROR:  # one component, not a copy per operation
            component = ResolvedComponent(
                name="ValidationError", type=ResolvedComponent.SCHEMA, schema=VALIDATION_ERROR, object="400"
            )
            self.registry.register_on_missing(component)
            content["schema"] = component.ref
        return response


def error_response(code: str) -> OpenApiResponse:
    """The documented error answer for `code`, for a view to name in @extend_schema(responses=…)."""
    return OpenApiResponse(
        response=VALIDATION_ERROR if code == "400" else ErrorSerializer, description=DESCRIPTIONS[code]
    )
