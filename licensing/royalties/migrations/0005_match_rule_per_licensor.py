"""A hand match rule belongs to the licensor that made it.

Before, one rule per (licensee, key) applied to every report of the licensee,
so any licensor could overwrite it and redirect lines filed under another
licensor's contracts. Existing rules are given the licensor of the licensee's
contract for the rule's work (the work's holder if there is none).
"""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = """
UPDATE royalties_matchrule r
   SET licensor_id = COALESCE(
       (SELECT c.licensor_id FROM contracts_contract c
         WHERE c.licensee_id = r.licensee_id AND c.work_id = r.work_id
         ORDER BY c.version DESC, c.id DESC LIMIT 1),
       (SELECT w.holder_id FROM catalog_work w WHERE w.id = r.work_id))
"""


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_source_refs"),
        ("contracts", "0001_initial"),
        ("royalties", "0004_reference_checks_lock_parents"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="matchrule", name="one_rule_per_key"),
        migrations.AddField(
            model_name="matchrule",
            name="licensor",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.party",
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="matchrule",
            name="licensor",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="catalog.party"
            ),
        ),
        migrations.AddConstraint(
            model_name="matchrule",
            constraint=models.UniqueConstraint(
                fields=("licensee", "licensor", "match_key"), name="one_rule_per_licensor_key"
            ),
        ),
    ]
