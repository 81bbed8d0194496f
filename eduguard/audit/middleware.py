import uuid

from eduguard.audit.context import request_id_var


class RequestIdMiddleware:
    """Tags each request with an ID that its audit rows carry (X-Request-ID if a proxy set one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = (request.headers.get("X-Request-ID") or "")[:36] or uuid.uuid4().hex
        request.request_id = rid
        token = request_id_var.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = rid
        return response
