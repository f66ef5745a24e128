"""Pool audit rows get the workflow's shape: from and to status and a note."""

from django.db import migrations, models

STATUSES = [("draft", "Structuring"), ("live", "Live"), ("closed", "Closed")]
# action -> (from status, to status) of the rows written before the workflow
MOVES = {"created": ("", "draft"), "structure": ("draft", "draft"), "live": ("draft", "live")}


def backfill(apps, schema_editor):
    PoolEvent = apps.get_model("valuation", "PoolEvent")
    for action, (from_status, to_status) in MOVES.items():
        PoolEvent.objects.filter(action=action).update(
            from_status=from_status, to_status=to_status
        )


class Migration(migrations.Migration):
    dependencies = [
        ("valuation", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="poolevent",
            name="from_status",
            field=models.CharField(blank=True, choices=STATUSES, default="", max_length=8),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="poolevent",
            name="to_status",
            field=models.CharField(choices=STATUSES, default="draft", max_length=8),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="poolevent",
            name="note",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
