"""Seizure.in_force: whether the order's effects are applied.

Left False for orders recorded before: the next run of the ``pledges.seizure_effects_due``
beat task applies every effect (offers suspended, listings re-indexed, royalties to the
court's escrow) to those whose dates cover that day, as it does for any order's first day.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0002_seizure_event_statuses"),
    ]

    operations = [
        migrations.AddField(
            model_name="seizure",
            name="in_force",
            field=models.BooleanField(default=False),
        ),
        migrations.AddIndex(
            model_name="seizure",
            index=models.Index(fields=["in_force"], name="seizure_in_force"),
        ),
        migrations.AddConstraint(
            model_name="seizure",
            constraint=models.CheckConstraint(
                condition=models.Q(("in_force", False), ("status", "active"), _connector="OR"),
                name="seizure_in_force_active",
            ),
        ),
    ]
