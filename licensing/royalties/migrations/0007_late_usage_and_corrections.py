"""Late usage recorded per report (issue 25) instead of a per-period restatement flag;
a report may be corrected once while live; adjustment lines name their source report.

A period flagged for restatement becomes one LateUsage row per posted report of that
contract and period, so the next close restates it as before and names the reports.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_audit_history"),
        ("contracts", "0001_initial"),
        ("royalties", "0006_audit_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LateUsage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("period", models.CharField(max_length=8)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.AddField(
            model_name="statementline",
            name="source_report",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="royalties.usagereport",
            ),
        ),
        migrations.AlterField(
            model_name="usagereport",
            name="replaces",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="corrections",
                to="royalties.usagereport",
                verbose_name="correction of report",
            ),
        ),
        migrations.AddConstraint(
            model_name="usagereport",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "posted")),
                fields=("replaces",),
                name="usage_corrected_once",
            ),
        ),
        migrations.AddField(
            model_name="lateusage",
            name="contract",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="late_usage",
                to="contracts.contract",
            ),
        ),
        migrations.AddField(
            model_name="lateusage",
            name="report",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="late_usage",
                to="royalties.usagereport",
            ),
        ),
        migrations.AddField(
            model_name="lateusage",
            name="restated_in",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="restates",
                to="royalties.royaltyperiod",
            ),
        ),
        migrations.AddIndex(
            model_name="lateusage",
            index=models.Index(
                condition=models.Q(("restated_in__isnull", True)),
                fields=["contract"],
                name="late_usage_pending",
            ),
        ),
        migrations.AddConstraint(
            model_name="lateusage",
            constraint=models.UniqueConstraint(
                fields=("contract", "period", "report"), name="late_usage_once_per_report"
            ),
        ),
        migrations.RunSQL(
            """
            INSERT INTO royalties_lateusage (contract_id, period, report_id, created_at)
            SELECT DISTINCT p.contract_id, p.period, r.id, now()
              FROM royalties_royaltyperiod p
              JOIN royalties_usageline l ON l.contract_id = p.contract_id
              JOIN royalties_usagereport r
                ON r.id = l.report_id AND r.period = p.period AND r.status = 'posted'
             WHERE p.restatement_pending
            """,
            migrations.RunSQL.noop,
        ),
        migrations.RemoveField(
            model_name="royaltyperiod",
            name="restatement_pending",
        ),
    ]
