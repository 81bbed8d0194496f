"""Request context for audit rows: the request ID and where the change came from."""

import contextvars

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("eduguard_request_id", default="")
