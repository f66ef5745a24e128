"""Foreign keys of the bulk tables checked once per statement, not once per row;
one secondary index on usage lines instead of four.

Usage lines (a million per file, by COPY) and statement lines (hundreds of
thousands per close) paid a per-row RI trigger with a FOR KEY SHARE lock on
the parent for every row. Their contract and work
ids come from the matching and need no index of their own. The constraints
are replaced by:

* an AFTER INSERT / AFTER UPDATE statement-level trigger per reference that
  looks for a missing parent among the new rows (one anti-join over the
  transition table), raising ``foreign_key_violation``;
* a BEFORE DELETE trigger on each parent refusing to delete a referenced row.

Unlike a real foreign key this did not lock the parent against a concurrent
delete; migration 0004 adds that lock.
"""

import django.db.models.deletion
from django.db import migrations, models


CHECKS = [
    # (table, column, referenced table)
    ("royalties_usageline", "report_id", "royalties_usagereport"),
    ("royalties_statementline", "statement_id", "royalties_statement"),
    ("royalties_statementline", "work_id", "catalog_work"),
]

FUNCTIONS = r"""
CREATE FUNCTION royalties_references_exist() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing bigint;
BEGIN
    -- TG_ARGV: the referencing column, the referenced table (key "id").
    EXECUTE format(
        'SELECT n.%1$I FROM new_rows n WHERE n.%1$I IS NOT NULL AND NOT EXISTS '
        '(SELECT 1 FROM %2$I p WHERE p.id = n.%1$I) LIMIT 1', TG_ARGV[0], TG_ARGV[1])
      INTO missing;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION '% of "%" refers to % %, which does not exist',
            TG_ARGV[0], TG_TABLE_NAME, TG_ARGV[1], missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;
CREATE FUNCTION royalties_keep_referenced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    used boolean;
BEGIN
    -- TG_ARGV: the referencing table, its column.
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I = $1)', TG_ARGV[0], TG_ARGV[1])
      INTO used USING OLD.id;
    IF used THEN
        RAISE EXCEPTION '% % is still referenced from %', TG_TABLE_NAME, OLD.id, TG_ARGV[0]
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END
$$;
"""


def _triggers() -> tuple[str, str]:
    forward, backward = [FUNCTIONS], []
    for table, column, parent in CHECKS:
        for event in ("INSERT", "UPDATE"):
            name = f"{table}_{column}_{event.lower()}_ref"
            forward.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING NEW TABLE AS new_rows"
                f" FOR EACH STATEMENT EXECUTE FUNCTION royalties_references_exist('{column}',"
                f" '{parent}');"
            )
            backward.append(f"DROP TRIGGER IF EXISTS {name} ON {table};")
        name = f"{parent}_{table}_{column}_keep"
        forward.append(
            f"CREATE TRIGGER {name} BEFORE DELETE ON {parent} FOR EACH ROW"
            f" EXECUTE FUNCTION royalties_keep_referenced('{table}', '{column}');"
        )
        backward.append(f"DROP TRIGGER IF EXISTS {name} ON {parent};")
    backward.append("DROP FUNCTION IF EXISTS royalties_references_exist();")
    backward.append("DROP FUNCTION IF EXISTS royalties_keep_referenced();")
    return "\n".join(forward), "\n".join(backward)


FORWARD, BACKWARD = _triggers()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_source_refs"),
        ("contracts", "0001_initial"),
        ("royalties", "0002_integrity_staging_seed"),
    ]

    operations = [
        migrations.AlterField(
            model_name="statementline",
            name="statement",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="lines",
                to="royalties.statement",
            ),
        ),
        migrations.AlterField(
            model_name="statementline",
            name="work",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.work",
            ),
        ),
        migrations.AlterField(
            model_name="usageline",
            name="report",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="lines",
                to="royalties.usagereport",
            ),
        ),
        migrations.AlterField(
            model_name="usageline",
            name="contract",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="usage_lines",
                to="contracts.contract",
            ),
        ),
        migrations.AlterField(
            model_name="usageline",
            name="work",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.work",
            ),
        ),
        migrations.RemoveIndex(model_name="usageline", name="royalties_u_contrac_261410_idx"),
        migrations.RemoveIndex(model_name="usageline", name="royalties_u_report__7c71ff_idx"),
        migrations.AddIndex(
            model_name="usageline",
            index=models.Index(fields=["report", "contract"], name="royalties_u_report__1e69cb_idx"),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
