"""The roster upload form of the web import page."""

from django import forms
from django.conf import settings

from eduguard.org.roster.reader import RosterFileError, read_table


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


class RosterUploadForm(forms.Form):
    file = forms.FileField(label="花名册文件", help_text=".xlsx 或 .csv（UTF-8 或 GBK 编码），第1行为表头")
    skip_invalid = forms.BooleanField(label="跳过错误行，只导入正确的行", required=False)
    dry_run = forms.BooleanField(label="仅校验，不写入", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ROSTER_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"文件过大（{_megabytes(upload.size)}），上限为 {_megabytes(limit)}，请拆分后分批导入"
            )
        data = upload.read()
        try:
            read_table(data, upload.name)  # the cheap part: format and header, before queuing a job
        except RosterFileError as exc:
            raise forms.ValidationError(str(exc)) from exc
        self.cleaned_data["data"] = data
        return upload
