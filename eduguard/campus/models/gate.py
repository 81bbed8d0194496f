"""The school gate (门卫登记, 五个一律, domain.md §5.4): every passage of a student or staff member,
every visitor with their approvals, and boarders' leave passes.

A gate entry keeps the decision as the guard saw it and why (reason codes and plain words); it is
never edited. An entry made while the gate screen was offline carries the client's id (unique, so a
re-sent entry is stored once) and the time it was made at the gate.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from eduguard.campus.managers import GateEntryQuerySet, LeavePassQuerySet, VisitQuerySet
from eduguard.core.county import CarriesCounty
from eduguard.health.choices import HealthCode
from eduguard.org.choices import IdType
from eduguard.org.models import SealedContactMixin, SealsIdNumber


class Direction(models.TextChoices):
    IN = "in", "入校"
    OUT = "out", "离校"


class GateDecision(models.TextChoices):
    ALLOW = "allow", "放行"
    DEFER = "defer", "暂缓入校"
    DENY = "deny", "拒绝入校"


class GateEntry(CarriesCounty):
    """One passage of a person through the gate, with the reading taken and the decision."""

    school = models.ForeignKey("org.School", on_delete=models.CASCADE, related_name="gate_entries")
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="gate_entries", verbose_name="人员"
    )
    direction = models.CharField("方向", max_length=3, choices=Direction.choices, default=Direction.IN)
    at = models.DateTimeField("时间", db_index=True)
    gate = models.CharField("校门", max_length=30, blank=True)
    temperature = models.DecimalField("体温（℃）", max_digits=3, decimal_places=1, null=True, blank=True)
    method = models.CharField("测温方式", max_length=12, blank=True)
    symptoms = models.JSONField("症状", default=list, blank=True)
    code_colour = models.CharField("健康码", max_length=10, choices=HealthCode.choices, blank=True)
    id_checked = models.BooleanField("已核验身份", default=False)
    found_by = models.CharField("查找方式", max_length=10, blank=True)  # card, name, id
    decision = models.CharField("结果", max_length=5, choices=GateDecision.choices)
    reasons = models.JSONField("原因", default=list, blank=True)  # [{"code": …, "text": …}]
    fever_event = models.ForeignKey(
        "response.FeverEvent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    leave_pass = models.ForeignKey(
        "campus.LeavePass", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    client_id = models.UUIDField("终端记录号", default=uuid.uuid4, unique=True, editable=False)
    offline = models.BooleanField("离线登记", default=False)
    received_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = GateEntryQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "校门出入登记"
        ordering = ["-at"]
        indexes = [models.Index(fields=["school", "at"])]

    def __str__(self) -> str:
        return f"{self.person} {self.get_direction_display()} {self.get_decision_display()}"

    @property
    def reason_text(self) -> str:
        return "；".join(r.get("text", "") for r in self.reasons)


class VisitStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    INSIDE = "inside", "在校内"
    LEFT = "left", "已离校"
    REFUSED = "refused", "拒绝入校"


class Visit(SealsIdNumber, SealedContactMixin):
    """A visitor (校外来访人员): registered ahead by the host or at the gate, approved where the
    rules ask for it, admitted with a temperature and code check, and seen out."""

    school = models.ForeignKey("org.School", on_delete=models.CASCADE, related_name="visits")
    name = models.CharField("姓名", max_length=50)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, default=IdType.RESIDENT)
    id_number_enc = models.TextField(blank=True, default="")
    id_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    id_masked = models.CharField("证件号码", max_length=30, blank=True, default="")
    organisation = models.CharField("单位", max_length=60, blank=True)
    purpose = models.CharField("事由", max_length=100)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_visits",
        verbose_name="接待人",
    )
    date = models.DateField("来访日期", db_index=True)
    status = models.CharField("状态", max_length=10, choices=VisitStatus.choices, default=VisitStatus.PENDING)
    temperature = models.DecimalField("体温（℃）", max_digits=3, decimal_places=1, null=True, blank=True)
    code_colour = models.CharField("健康码", max_length=10, choices=HealthCode.choices, blank=True)
    entered_at = models.DateTimeField("入校时间", null=True, blank=True)
    left_at = models.DateTimeField("离校时间", null=True, blank=True)
    refused_reason = models.CharField("拒绝原因", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "来访人员"
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(entered_at__isnull=False, left_at__gte=F("entered_at")),
                name="visit_leaves_after_entering",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.purpose}）"


class VisitApproval(models.Model):
    """One sign-off on a visit, by its host or by a school leader (the chain is a rule)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="approvals")
    step = models.CharField("审批环节", max_length=30)  # "host" or a role
    approve = models.BooleanField("同意")
    note = models.CharField("意见", max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "来访审批"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.step} {'同意' if self.approve else '不同意'}"


class LeavePass(CarriesCounty):
    """A boarder's leave pass (住校生离校单): issued by the head teacher, used at the gate on the
    way out and back. Out and back are stamped by the gate entries that use it."""

    school = models.ForeignKey("org.School", on_delete=models.CASCADE, related_name="leave_passes")
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="leave_passes", verbose_name="学生"
    )
    reason = models.CharField("事由", max_length=100)
    leaves_on = models.DateField("离校日期")
    expected_back = models.DateTimeField("应返校时间")
    destination = models.CharField("去向", max_length=60, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    out_at = models.DateTimeField("离校时间", null=True, blank=True)
    back_at = models.DateTimeField("返校时间", null=True, blank=True)
    cancelled = models.BooleanField("已作废", default=False)

    objects = LeavePassQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "住校生离校单"
        ordering = ["-leaves_on", "-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(back_at__isnull=True) | Q(out_at__isnull=False, back_at__gte=F("out_at")),
                name="pass_back_after_out",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.leaves_on} {self.reason}"

    @property
    def state(self) -> str:
        if self.cancelled:
            return "已作废"
        if self.back_at:
            return "已返校"
        if self.out_at:
            return "已离校"
        return "未使用"
