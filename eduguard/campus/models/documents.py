"""The two plans and nine systems (两案九制, domain.md §1): the bureau's list of required documents
and each school's uploads of them, one row per version.

The list is data: a bureau adds, renames, reorders or retires a document in the admin (some regions
ran 一案八制). A school's new upload is a new version; a version is reviewed once (approved, or
returned with a note), so the history of a school's plan is its rows.
"""

import datetime as dt
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q

from eduguard.campus.managers import RequiredDocumentQuerySet, SchoolDocumentQuerySet


class DocumentKind(models.TextChoices):
    PLAN = "plan", "方案/预案"
    SYSTEM = "system", "制度"


class DocumentStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审定"
    APPROVED = "approved", "已审定"
    RETURNED = "returned", "已退回"


class RequiredDocument(models.Model):
    """One document every school must have, e.g. 应急处置预案 or 晨午检制度."""

    code = models.SlugField("代码", max_length=40, unique=True)
    kind = models.CharField("类别", max_length=10, choices=DocumentKind.choices)
    name = models.CharField("名称", max_length=60)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    active = models.BooleanField("启用", default=True, help_text="停用后不再要求学校提交，已有版本保留")
    effective_from = models.DateField("起始日期", default=dt.date(2020, 1, 1))
    source = models.CharField("依据", max_length=200, blank=True)

    objects = RequiredDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "两案九制文件清单"
        ordering = ["kind", "order", "code"]

    def __str__(self) -> str:
        return self.name


def document_path(instance: "SchoolDocument", filename: str) -> str:
    """campus/documents/<school>/<code>-v<version>.<ext>: the stored name never carries the
    uploader's file name (any characters), only its extension, which the service has checked."""
    ext = PurePosixPath(filename).suffix.lower()
    return f"campus/documents/{instance.school_id}/{instance.required.code}-v{instance.version}{ext}"


class SchoolDocument(models.Model):
    """One version of one required document of one school, with its review."""

    school = models.ForeignKey("org.School", on_delete=models.CASCADE, related_name="campus_documents")
    required = models.ForeignKey(
        RequiredDocument, on_delete=models.PROTECT, related_name="uploads", verbose_name="文件"
    )
    version = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=100)
    file = models.FileField("文件", upload_to=document_path, max_length=200)
    note = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间")
    status = models.CharField(
        "状态", max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.SUBMITTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField("审定时间", null=True, blank=True)
    review_note = models.CharField("审定意见", max_length=200, blank=True)

    objects = SchoolDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "学校两案九制文件"
        ordering = ["school", "required__kind", "required__order", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "required", "version"], name="one_row_per_document_version"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="document_version_from_one"),
            models.CheckConstraint(
                condition=~Q(status=DocumentStatus.RETURNED) | ~Q(review_note=""),
                name="returned_document_has_a_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.required.name} v{self.version}"

    @property
    def extension(self) -> str:
        return PurePosixPath(self.file.name).suffix.lower()
