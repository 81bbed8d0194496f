"""The default abnormal-report rules of domain.md §7 as editable rows (a bureau edits them in the
admin). A frozen copy of eduguard.health.rules.DEFAULTS, as migrations must not change later."""

import datetime as dt

from django.db import migrations

DEFAULTS = [
    ("fever", "体温≥发热阈值", "temperature", "at_least", None, True),
    ("symptoms", "有症状", "symptoms", "any_of", None, False),
    ("family", "家庭成员有发热或症状", "family_symptoms", "is_true", None, False),
    ("left_county", "起算日后离开过本县", "left_county", "is_true", None, False),
    ("out_of_county", "当前不在本县", "in_county", "not_equal", True, False),
    ("three_categories", "接触三类人员", "contact_three_categories", "is_true", None, False),
    ("outsiders", "接触县外来人", "contact_outsiders", "is_true", None, False),
    ("health_code", "健康码非绿码", "health_code", "not_equal", "green", False),
]


def create(apps, schema_editor):
    AbnormalRule = apps.get_model("health", "AbnormalRule")
    for code, label, field, kind, value, is_fever in DEFAULTS:
        AbnormalRule.objects.get_or_create(
            code=code,
            effective_from=dt.date(2020, 1, 1),
            defaults={"label": label, "field": field, "kind": kind, "value": value, "is_fever": is_fever},
        )


def remove(apps, schema_editor):
    apps.get_model("health", "AbnormalRule").objects.filter(effective_from=dt.date(2020, 1, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("health", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
