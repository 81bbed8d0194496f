"""Log-ins are access events; Django announces them by signal, which is the only hook it offers."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from eduguard.audit.models import AccessAction
from eduguard.audit.services import record_access


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    record_access(actor=user, action=AccessAction.LOGIN, request=request)


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    record_access(
        actor=None,
        action=AccessAction.LOGIN_FAILED,
        detail={"username": str(credentials.get("username", ""))[:150]},
        request=request,
    )
