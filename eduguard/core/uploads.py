"""Scanned documents people upload (release notices, hospital certificates, school plans)."""

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png")


def check_document(upload, field: str, types: tuple[str, ...] = DOCUMENT_TYPES) -> None:
    """Refuse a file of another type or over 10 MB, as an error on `field`. None passes."""
    if upload is None:
        return
    if not upload.name.lower().endswith(types):
        shown = " / ".join(types)
        raise ValidationError({field: [f"文件应为 PDF 或图片（{shown}）"]})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({field: ["文件不能超过 10 MB"]})
