from django.db import migrations


def load(apps, schema_editor):
    from eduguard.inspection.services.defaults import load as load_defaults

    load_defaults(apps.get_model("inspection", "ChecklistTemplate"), apps.get_model("inspection", "ChecklistItem"))


class Migration(migrations.Migration):
    dependencies = [("inspection", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
