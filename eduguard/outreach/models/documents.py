"""Official documents (公文): those the bureau issues (印发) and those it forwards from above (转发),
with their attachments and the schools they are sent to, each of which signs for receipt (签收)."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse


class Direction(models.TextChoices):
    ISSUED = "issued", "印发"
    FORWARDED = "forwarded", "转发"


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The county's documents at county level; a school's users see those sent to their school."""
        from eduguard.accounts.scope import scope_for

        scope = scope_for(user)
        if scope.everything:
            return self
        sent = Recipient.objects.filter(document=OuterRef("pk"), school_id__in=scope.school_ids)
        return self.filter(Q(county_id__in=scope.county_ids) | Q(Exists(sent)))


class Document(models.Model):
    county = models.ForeignKey("org.County", on_delete=models.PROTECT, related_name="+", verbose_name="县")
    direction = models.CharField("类别", max_length=10, choices=Direction.choices)
    number = models.CharField("文号", max_length=60, blank=True, help_text="如 本县教发〔2020〕5号")
    title = models.CharField("标题", max_length=200)
    date = models.DateField("发文日期")
    origin = models.CharField(
        "来文单位", max_length=100, blank=True, help_text="转发的文件由谁印发，如 辽宁省教育厅"
    )
    summary = models.TextField("主要内容", blank=True)
    needs_receipt = models.BooleanField("需要签收", default=True)
    receipt_due = models.DateField("签收期限", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "公文"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "direction", "number"],
                condition=~Q(number=""),
                name="document_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(receipt_due__isnull=True) | Q(receipt_due__gte=models.F("date")),
                name="document_due_after_date",
            ),
        ]
        indexes = [models.Index(fields=["county", "direction", "date"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("outreach:document", args=[self.pk])


def _attachment_path(instance, filename: str) -> str:
    return f"documents/{instance.document.date:%Y}/{instance.document_id}/{filename}"


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(document__in=Document.objects.visible_to(user))


class Attachment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to=_attachment_path, max_length=300)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "公文附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Recipient(models.Model):
    """A school the document was sent to; `received_at` is its receipt (签收)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="recipients")
    school = models.ForeignKey("org.School", on_delete=models.PROTECT, related_name="+", verbose_name="学校")
    received_at = models.DateTimeField("签收时间", null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="签收人",
    )

    class Meta:
        verbose_name = verbose_name_plural = "公文签收"
        ordering = ["school__code"]
        constraints = [
            models.UniqueConstraint(fields=["document", "school"], name="recipient_once"),
            models.CheckConstraint(
                condition=Q(received_at__isnull=True) | Q(received_by__isnull=False),
                name="recipient_receipt_signed",
            ),
        ]
        indexes = [
            # Consumer: the schools' "待签收" lists and the bureau's unsigned counts.
            models.Index(
                fields=["school"], condition=Q(received_at__isnull=True), name="recipient_unsigned_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} → {self.school}"
