"""Tax residencies (one accepted per party and day: EXCLUDE USING gist, hence btree_gist),
their review steps and audit events; withholding certificates and their yearly numbers."""

import django.contrib.postgres.constraints
from django.contrib.postgres.operations import BtreeGistExtension
import django.contrib.postgres.fields.ranges
import django.db.models.deletion
import finance.tax.models
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('catalog', '0008_catalogue_upload_record_value'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        BtreeGistExtension(),
        migrations.CreateModel(
            name='CertificateNumberSequence',
            fields=[
                ('year', models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ('last_value', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='TaxResidency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('country', models.CharField(max_length=2, verbose_name='country of residence')),
                ('treaty_claim', models.BooleanField(default=False, verbose_name='claims a tax treaty rate')),
                ('treaty_article', models.CharField(blank=True, max_length=120, verbose_name='treaty and article')),
                ('claimed_rate', models.DecimalField(blank=True, decimal_places=4, max_digits=7, null=True, verbose_name='rate claimed (%)')),
                ('certificate', models.FileField(upload_to='tax/residency/%Y/', verbose_name='certificate of residence')),
                ('certificate_name', models.CharField(max_length=255)),
                ('valid_from', models.DateField(verbose_name='valid from')),
                ('valid_to', models.DateField(verbose_name='valid to')),
                ('status', models.CharField(choices=[('submitted', 'Awaiting review'), ('accepted', 'Accepted'), ('rejected', 'Rejected')], default='submitted', max_length=10)),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='tax_residencies', to='catalog.party')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submitted_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'tax residencies',
                'ordering': ['-valid_from', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='TaxResidencyEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('country', models.CharField(max_length=2, verbose_name='country of residence')),
                ('treaty_claim', models.BooleanField(default=False, verbose_name='claims a tax treaty rate')),
                ('treaty_article', models.CharField(blank=True, max_length=120, verbose_name='treaty and article')),
                ('claimed_rate', models.DecimalField(blank=True, decimal_places=4, max_digits=7, null=True, verbose_name='rate claimed (%)')),
                ('certificate', models.FileField(upload_to='tax/residency/%Y/', verbose_name='certificate of residence')),
                ('certificate_name', models.CharField(max_length=255)),
                ('valid_from', models.DateField(verbose_name='valid from')),
                ('valid_to', models.DateField(verbose_name='valid to')),
                ('status', models.CharField(choices=[('submitted', 'Awaiting review'), ('accepted', 'Accepted'), ('rejected', 'Rejected')], default='submitted', max_length=10)),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('party', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='catalog.party')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='audit_events', to='tax.taxresidency')),
                ('reviewed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                ('submitted_by', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='TaxResidencyTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(max_length=16)),
                ('from_status', models.CharField(max_length=10)),
                ('to_status', models.CharField(max_length=10)),
                ('note', models.TextField(blank=True)),
                ('at', models.DateTimeField(auto_now_add=True)),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('residency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='transitions', to='tax.taxresidency')),
            ],
            options={
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='WithholdingCertificate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(max_length=32, unique=True)),
                ('period', models.CharField(max_length=8)),
                ('version', models.PositiveSmallIntegerField()),
                ('language', models.CharField(max_length=16)),
                ('statement_ids', models.JSONField()),
                ('pdf', models.FileField(upload_to='tax/certificates/%Y/')),
                ('sha256', models.CharField(max_length=64)),
                ('issued_at', models.DateTimeField(auto_now_add=True)),
                ('issued_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='withholding_certificates', to='catalog.party')),
            ],
            options={
                'ordering': ['-period', '-version'],
            },
        ),
        migrations.AddConstraint(
            model_name='taxresidency',
            constraint=models.CheckConstraint(condition=models.Q(('valid_to__gte', models.F('valid_from'))), name='residency_dates_order'),
        ),
        migrations.AddConstraint(
            model_name='taxresidency',
            constraint=models.CheckConstraint(condition=models.Q(('country__regex', '^[A-Z]{2}$')), name='residency_country_alpha2'),
        ),
        migrations.AddConstraint(
            model_name='taxresidency',
            constraint=models.CheckConstraint(condition=models.Q(('treaty_claim', False), models.Q(('treaty_article', ''), _negated=True), _connector='OR'), name='residency_treaty_names_article'),
        ),
        migrations.AddConstraint(
            model_name='taxresidency',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'rejected'), _negated=True), models.Q(('reason', ''), _negated=True), _connector='OR'), name='residency_rejection_has_reason'),
        ),
        migrations.AddConstraint(
            model_name='taxresidency',
            constraint=models.CheckConstraint(condition=models.Q(('claimed_rate__isnull', True), models.Q(('claimed_rate__gte', 0), ('claimed_rate__lte', 100)), _connector='OR'), name='residency_claimed_rate_range'),
        ),
        migrations.AddConstraint(
            model_name='taxresidency',
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(condition=models.Q(('status', 'accepted')), expressions=[('party', '='), (finance.tax.models.DateRange('valid_from', 'valid_to', django.contrib.postgres.fields.ranges.RangeBoundary(inclusive_upper=True)), '&&')], name='residency_no_accepted_overlap'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='taxresidency',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "tax_taxresidencyevent" ("certificate", "certificate_name", "claimed_rate", "country", "created_at", "id", "party_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "reviewed_at", "reviewed_by_id", "status", "submitted_by_id", "treaty_article", "treaty_claim", "updated_at", "valid_from", "valid_to") VALUES (NEW."certificate", NEW."certificate_name", NEW."claimed_rate", NEW."country", NEW."created_at", NEW."id", NEW."party_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reason", NEW."reviewed_at", NEW."reviewed_by_id", NEW."status", NEW."submitted_by_id", NEW."treaty_article", NEW."treaty_claim", NEW."updated_at", NEW."valid_from", NEW."valid_to"); RETURN NULL;', hash='16ce567fd8079529b4b159e1000647451d379470', operation='INSERT', pgid='pgtrigger_insert_insert_62c2b', table='tax_taxresidency', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='taxresidency',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "tax_taxresidencyevent" ("certificate", "certificate_name", "claimed_rate", "country", "created_at", "id", "party_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "reviewed_at", "reviewed_by_id", "status", "submitted_by_id", "treaty_article", "treaty_claim", "updated_at", "valid_from", "valid_to") VALUES (NEW."certificate", NEW."certificate_name", NEW."claimed_rate", NEW."country", NEW."created_at", NEW."id", NEW."party_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reason", NEW."reviewed_at", NEW."reviewed_by_id", NEW."status", NEW."submitted_by_id", NEW."treaty_article", NEW."treaty_claim", NEW."updated_at", NEW."valid_from", NEW."valid_to"); RETURN NULL;', hash='87ec40039da247edca2aaf5bb1a9aafa74baf101', operation='UPDATE', pgid='pgtrigger_update_update_49ec7', table='tax_taxresidency', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='taxresidency',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "tax_taxresidencyevent" ("certificate", "certificate_name", "claimed_rate", "country", "created_at", "id", "party_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "reviewed_at", "reviewed_by_id", "status", "submitted_by_id", "treaty_article", "treaty_claim", "updated_at", "valid_from", "valid_to") VALUES (OLD."certificate", OLD."certificate_name", OLD."claimed_rate", OLD."country", OLD."created_at", OLD."id", OLD."party_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."reason", OLD."reviewed_at", OLD."reviewed_by_id", OLD."status", OLD."submitted_by_id", OLD."treaty_article", OLD."treaty_claim", OLD."updated_at", OLD."valid_from", OLD."valid_to"); RETURN NULL;', hash='2a6e00ad3ea6149e1534c4a10f3f490efff262d2', operation='DELETE', pgid='pgtrigger_delete_delete_f16a9', table='tax_taxresidency', when='AFTER')),
        ),
        migrations.AddConstraint(
            model_name='withholdingcertificate',
            constraint=models.UniqueConstraint(fields=('party', 'period', 'version'), name='wht_certificate_version'),
        ),
    ]
