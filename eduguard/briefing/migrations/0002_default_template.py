from django.db import migrations


def load(apps, schema_editor):
    from eduguard.briefing.services.briefing_defaults import ensure_default_template

    ensure_default_template(apps.get_model("briefing", "BriefingTemplate"), apps.get_model("briefing", "BriefingSection"))


class Migration(migrations.Migration):
    dependencies = [("briefing", "0001_templates")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
