"""Overlap review: a fingerprint per usage line (and staged, unmatched and held line), the
"awaiting review" report state and the licensee's decision.

Not atomic: the fingerprint index on the usage-line table is built CONCURRENTLY (writes go
on during the build; docs/deployment.md)."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("catalog", "0006_audit_history"),
        ("contracts", "0001_initial"),
        ("royalties", "0008_out_of_licence_and_sanity"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="outoflicenceline",
            name="fingerprint",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="unmatchedline",
            name="fingerprint",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="usageline",
            name="fingerprint",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="usagereport",
            name="review_decision",
            field=models.CharField(
                blank=True,
                choices=[
                    ("skip", "Skip the repeated lines"),
                    ("correction", "Post as a correction of the earlier report"),
                    ("post", "Post anyway"),
                ],
                max_length=12,
                verbose_name="review decision",
            ),
        ),
        migrations.AddField(
            model_name="usagereport",
            name="review_reason",
            field=models.TextField(blank=True, verbose_name="reason for posting overlapping usage"),
        ),
        migrations.AddField(
            model_name="usagereport",
            name="review_skipped",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="usagereport",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="usagereport",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="usagereport",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting"),
                    ("processing", "Processing"),
                    ("review", "Awaiting review"),
                    ("posted", "Posted"),
                    ("rejected", "Rejected"),
                    ("superseded", "Replaced"),
                ],
                default="pending",
                max_length=12,
            ),
        ),
        AddIndexConcurrently(
            model_name="usageline",
            index=models.Index(
                condition=models.Q(("fingerprint__isnull", False)),
                fields=["fingerprint"],
                name="usage_line_fingerprint",
            ),
        ),
        # The staging table is raw SQL (0002): staged rows carry their fingerprint too.
        migrations.RunSQL(
            "ALTER TABLE royalties_staging ADD COLUMN fingerprint bigint",
            "ALTER TABLE royalties_staging DROP COLUMN fingerprint",
        ),
    ]
