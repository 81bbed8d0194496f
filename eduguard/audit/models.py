"""Two explicit audit logs (DESIGN principle 5): changes to records, and access to personal data."""

from django.conf import settings
from django.db import models


class Source(models.TextChoices):
    WEB = "web", "网页"
    API = "api", "接口"
    COMMAND = "command", "命令行"
    IMPORT = "import", "导入"
    SYSTEM = "system", "系统"


class ChangeAction(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"


class AccessAction(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    VIEW = "view", "查看"
    EXPORT = "export", "导出"
    UNMASK = "unmask", "查看完整信息"


class ChangeLog(models.Model):
    """Who changed which record when, with before/after (masked) values. Copies survive deletion."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    # No database constraint: a user's every change would otherwise lock their user row
    # (FOR KEY SHARE) until commit; actor_name keeps who it was in any case.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField("操作人", max_length=150)
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    request_id = models.CharField(max_length=36, blank=True)
    action = models.CharField("操作", max_length=10, choices=ChangeAction.choices)
    object_type = models.CharField("对象类型", max_length=50)
    object_id = models.CharField("对象ID", max_length=40)
    object_repr = models.CharField("对象", max_length=200)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "变更日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"


class AccessLog(models.Model):
    """Log-ins, views and exports of named data, and every unmasking (PIPL; domain.md §8.4-3)."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField("操作人", max_length=150)
    action = models.CharField("操作", max_length=15, choices=AccessAction.choices)
    object_type = models.CharField("对象类型", max_length=50, blank=True)
    object_id = models.CharField("对象ID", max_length=40, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    request_id = models.CharField(max_length=36, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "访问日志"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"
