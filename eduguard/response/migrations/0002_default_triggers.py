"""The 2006 规范's reporting triggers (T1–T4) and the T1 cluster thresholds, as editable rows."""

from django.db import migrations

from eduguard.response.defaults import load


def forwards(apps, schema_editor):
    load(apps.get_model("response", "ReportingTrigger"), apps.get_model("response", "ClusterRule"))


class Migration(migrations.Migration):
    dependencies = [("response", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
