from django.db import migrations, models


def add_task_force_item(apps, schema_editor):
    """The pre-opening checklist asks for the school's task force (seed 000 (一): 层层成立工作专班),
    answered from the command app's records. Added at the end of version 1 where it is missing."""
    Template = apps.get_model("inspection", "ChecklistTemplate")
    Item = apps.get_model("inspection", "ChecklistItem")
    template = Template.objects.filter(code="seven-preparations", version=1).first()
    if template is None or Item.objects.filter(template=template, code="task-force").exists():
        return
    last = Item.objects.filter(template=template).aggregate(m=models.Max("order"))["m"] or 0
    Item.objects.create(
        template=template,
        code="task-force",
        order=last + 1,
        text="成立学校疫情防控工作专班",
        auto="task_force",
    )


class Migration(migrations.Migration):
    dependencies = [("inspection", "0006_supplies_check")]

    operations = [
        migrations.RunPython(add_task_force_item, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="checklistitem",
            name="auto",
            field=models.CharField(
                blank=True,
                choices=[
                    ("documents", "两案九制文件齐全并审定"),
                    ("drills", "规定科目均已演练"),
                    ("isolation_room", "已设临时隔离室"),
                    ("hygiene", "当天通风消毒全部达标"),
                    ("returners_cleared", "返校人员均已解除隔离、准予返校"),
                    ("daily_reports", "日报告、零报告在运行"),
                    ("reopening_plan", "一校一策开学方案已审定"),
                    ("medical_staff", "开学日有驻校医护人员"),
                    ("supplies", "防疫物资够储备天数"),
                    ("task_force", "已成立学校疫情防控工作专班"),
                ],
                max_length=30,
                verbose_name="自动判定",
            ),
        ),
    ]
