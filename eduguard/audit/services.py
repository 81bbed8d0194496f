"""Writing the audit logs. Services call these inside their own transaction, explicitly."""

from django.db import models

from eduguard.audit.context import request_id_var
from eduguard.audit.models import AccessAction, AccessLog, ChangeAction, ChangeLog, Source
from eduguard.core import security


def _actor_name(actor) -> str:
    if actor is None:
        return "system"
    return actor.get_username() if getattr(actor, "is_authenticated", False) else "anonymous"


def user_or_none(actor):
    """The user to store as who did something: None for the system or an anonymous visitor."""
    return actor if getattr(actor, "is_authenticated", False) else None


def record_change(**fields) -> ChangeLog:
    """Write the change-log row `change_entry(**fields)` describes."""
    entry = change_entry(**fields)
    entry.save()
    return entry


def record_web_change(*, actor, obj: models.Model, before: dict | None, after: dict | None) -> ChangeLog:
    """A change made on a page: a create when there was nothing before, else an update."""
    action = ChangeAction.CREATE if before is None else ChangeAction.UPDATE
    return record_change(actor=actor, source=Source.WEB, action=action, obj=obj, before=before, after=after)


def change_entry(
    *,
    actor,
    source: str,
    action: str,
    obj: models.Model,
    before: dict | None,
    after: dict | None,
) -> ChangeLog:
    """The change-log row for a change, unsaved: for a writer that saves it with the change
    itself (health.services.ingest), which then also fills in `object_id` of a new object."""
    if source not in Source.values or action not in ChangeAction.values:
        raise ValueError(f"incomplete change log entry: source={source!r} action={action!r}")
    return ChangeLog(
        actor=user_or_none(actor),
        actor_name=_actor_name(actor),
        source=source,
        request_id=request_id_var.get(),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
    )


def record_access(
    *, actor, action: str, obj: models.Model | None = None, detail: dict | None = None, request=None
) -> AccessLog:
    """Log an access; refuses an entry with no actor name or an unknown action."""
    if action not in AccessAction.values:
        raise ValueError(f"unknown access action {action!r}")
    name = _actor_name(actor)
    entry = AccessLog(
        actor=user_or_none(actor),
        actor_name=name,
        action=action,
        detail=detail or {},
        request_id=request_id_var.get(),
    )
    if obj is not None:
        entry.object_type = obj._meta.label_lower
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:200]
    if request is not None:
        entry.ip = client_ip(request)
        entry.user_agent = request.headers.get("User-Agent", "")[:300]
    entry.save()
    return entry


def client_ip(request) -> str | None:
    """The browser's address, read through the trusted proxies (eduguard.core.security)."""
    return security.client_ip(request)
