"""Log-in lock-out (django-axes): after EDUGUARD_LOGIN_FAILURE_LIMIT failed log-ins for one user
name from one address, that pair is refused for EDUGUARD_LOGIN_COOLOFF_MINUTES, right password
or not. A system administrator unlocks earlier in the admin (Axes › Access attempts) or with
`eduguard axes_reset_username NAME`.

Axes decides; this module only says it, in Chinese: on the log-in page (429, the form shown
again with the reason), and as JSON for the API token endpoint.
"""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return gettext(
        "登录失败次数过多，该账号已在本机暂时锁定，请 {minutes} 分钟后再试，或联系系统管理员解锁。"
    ).format(minutes=minutes)


def retry_after() -> str:
    return str(int(settings.AXES_COOLOFF_TIME.total_seconds()))


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the answer to a locked-out log-in attempt (429 Too Many Requests)."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        username = (credentials or {}).get("username") or request.POST.get("username", "")
        form = AuthenticationForm(request, initial={"username": username})
        ctx = {"form": form, "locked_out": message, "next": request.POST.get("next", "")}
        response = render(request, "registration/login.html", ctx, status=429)
    response["Retry-After"] = retry_after()
    return response
