"""The two plans and nine systems of domain.md §1 as editable rows (a bureau edits them in the
admin). A frozen copy of eduguard.campus.services.documents.DEFAULT_DOCUMENTS, as migrations must
not change later."""

import datetime as dt

from django.db import migrations

SOURCE = "domain.md §1（两案九制）"
DEFAULTS = [
    ("opening-plan", "plan", 1, "开学工作方案"),
    ("prevention-plan", "plan", 2, "疫情防控工作方案"),
    ("emergency-plan", "plan", 3, "应急处置预案"),
    ("epidemic-reporting", "system", 1, "学校传染病疫情报告制度"),
    ("morning-check", "system", 2, "晨午检制度"),
    ("absence-tracking", "system", 3, "因病缺勤追踪登记制度"),
    ("return-certificate", "system", 4, "复课证明查验制度"),
    ("health-management", "system", 5, "健康管理制度"),
    ("health-education", "system", 6, "传染病防控健康教育制度"),
    ("ventilation-disinfection", "system", 7, "通风消毒制度"),
    ("environment-inspection", "system", 8, "环境卫生检查制度"),
    ("vaccination-check", "system", 9, "免疫预防接种查验制度"),
]


def create(apps, schema_editor):
    RequiredDocument = apps.get_model("campus", "RequiredDocument")
    for code, kind, order, name in DEFAULTS:
        RequiredDocument.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "order": order,
                "name": name,
                "effective_from": dt.date(2020, 1, 1),
                "source": SOURCE,
            },
        )


def remove(apps, schema_editor):
    RequiredDocument = apps.get_model("campus", "RequiredDocument")
    RequiredDocument.objects.filter(code__in=[d[0] for d in DEFAULTS], uploads__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("campus", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
