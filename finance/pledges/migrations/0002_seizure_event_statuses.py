"""Seizure audit rows get the workflow's shape: from and to status, action named as a verb."""

from django.db import migrations, models

# action of the rows written before the workflow -> (new action, from status, to status)
RENAMED = {
    "recorded": ("record", "", "active"),
    "released": ("release", "active", "released"),
}


def backfill(apps, schema_editor):
    SeizureEvent = apps.get_model("pledges", "SeizureEvent")
    for old, (new, from_status, to_status) in RENAMED.items():
        SeizureEvent.objects.filter(action=old).update(
            action=new, from_status=from_status, to_status=to_status
        )


def restore(apps, schema_editor):
    SeizureEvent = apps.get_model("pledges", "SeizureEvent")
    for old, (new, _from, _to) in RENAMED.items():
        SeizureEvent.objects.filter(action=new).update(action=old)


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="seizureevent",
            name="from_status",
            field=models.CharField(
                blank=True,
                choices=[("active", "In force"), ("released", "Released")],
                default="",
                max_length=10,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="seizureevent",
            name="to_status",
            field=models.CharField(
                choices=[("active", "In force"), ("released", "Released")],
                default="active",
                max_length=10,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, restore),
    ]
