from django.db import migrations


def load(apps, schema_editor):
    from eduguard.supplies.services.defaults import load as load_items

    load_items(apps.get_model("supplies", "Item"))


class Migration(migrations.Migration):
    dependencies = [("supplies", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
