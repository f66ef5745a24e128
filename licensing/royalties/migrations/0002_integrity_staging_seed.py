"""Closed statements are immutable; the COPY staging table; demo withholding rates.

* A statement row whose status is ``closed`` can be neither updated nor
  deleted, and lines can be neither added to, changed on nor removed from a
  closed statement (statement-level triggers, so a million-line close pays
  one check per statement, not per row). TRUNCATE stays possible only in
  ``test_*`` databases, as for the ledger.
* ``royalties_staging`` is UNLOGGED: it holds rows only while an import runs
  and is rebuilt by re-running the import after a crash.
* Withholding rates: documented demo values (docs/royalties.md), editable in
  the admin. They are illustrative, not tax advice.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION royalties_statement_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'closed' THEN
        RAISE EXCEPTION 'royalty statement % is closed and cannot be changed; '
            'corrections go on the next statement as adjustments', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER statement_frozen BEFORE UPDATE OR DELETE ON royalties_statement
    FOR EACH ROW EXECUTE FUNCTION royalties_statement_frozen();

CREATE FUNCTION royalties_line_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT s.id INTO bad FROM new_rows n JOIN royalties_statement s ON s.id = n.statement_id
         WHERE s.status = 'closed' LIMIT 1;
    ELSE
        SELECT s.id INTO bad FROM old_rows o JOIN royalties_statement s ON s.id = o.statement_id
         WHERE s.status = 'closed' LIMIT 1;
    END IF;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'royalty statement % is closed: its lines cannot change', bad
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER statementline_frozen_insert AFTER INSERT ON royalties_statementline
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION royalties_line_frozen();
CREATE TRIGGER statementline_frozen_update AFTER UPDATE ON royalties_statementline
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION royalties_line_frozen();
CREATE TRIGGER statementline_frozen_delete AFTER DELETE ON royalties_statementline
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION royalties_line_frozen();

CREATE FUNCTION royalties_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_database() LIKE 'test\_%' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% cannot be truncated', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER statement_no_truncate BEFORE TRUNCATE ON royalties_statement
    FOR EACH STATEMENT EXECUTE FUNCTION royalties_refuse_truncate();
CREATE TRIGGER statementline_no_truncate BEFORE TRUNCATE ON royalties_statementline
    FOR EACH STATEMENT EXECUTE FUNCTION royalties_refuse_truncate();

CREATE UNLOGGED TABLE royalties_staging (
    report_id bigint NOT NULL,
    row_no integer NOT NULL,
    scheme varchar(8) NOT NULL DEFAULT '',
    identifier varchar(64) NOT NULL DEFAULT '',
    match_key varchar(300) NOT NULL,
    title varchar(300) NOT NULL DEFAULT '',
    creator varchar(200) NOT NULL DEFAULT '',
    territory varchar(2) NOT NULL,
    channel varchar(16) NOT NULL,
    format varchar(32) NOT NULL DEFAULT '',
    units integer NOT NULL,
    list_amount numeric(24, 4) NOT NULL,
    net_receipts numeric(24, 4) NOT NULL,
    currency varchar(3) NOT NULL,
    work_id bigint,
    contract_id bigint,
    matched_by varchar(12) NOT NULL DEFAULT ''
);
CREATE INDEX royalties_staging_report ON royalties_staging (report_id);
"""

BACKWARD = r"""
DROP TABLE IF EXISTS royalties_staging;
DROP TRIGGER IF EXISTS statementline_no_truncate ON royalties_statementline;
DROP TRIGGER IF EXISTS statement_no_truncate ON royalties_statement;
DROP FUNCTION IF EXISTS royalties_refuse_truncate();
DROP TRIGGER IF EXISTS statementline_frozen_insert ON royalties_statementline;
DROP TRIGGER IF EXISTS statementline_frozen_update ON royalties_statementline;
DROP TRIGGER IF EXISTS statementline_frozen_delete ON royalties_statementline;
DROP FUNCTION IF EXISTS royalties_line_frozen();
DROP TRIGGER IF EXISTS statement_frozen ON royalties_statement;
DROP FUNCTION IF EXISTS royalties_statement_frozen();
"""

# Demo treaty rates (payer → payee), percent of gross royalties. Illustrative values
# in the range of the published treaties; the admin edits them. "**" = any other country.
DEMO_RATES = [
    ("VN", "**", "10", "Demo: VN domestic rate on royalties to non-residents"),
    ("VN", "CN", "10", "Demo: CN–VN double taxation agreement, art. 12"),
    ("TH", "**", "15", "Demo: TH rate on royalties to non-residents"),
    ("TH", "CN", "10", "Demo: CN–TH agreement, art. 12 (copyright of literary works)"),
    ("MY", "**", "10", "Demo: MY rate on royalties to non-residents"),
    ("MY", "CN", "10", "Demo: CN–MY agreement, art. 12"),
    ("ID", "**", "20", "Demo: ID rate on royalties to non-residents"),
    ("ID", "CN", "10", "Demo: CN–ID agreement, art. 12"),
    ("PH", "**", "25", "Demo: PH rate on royalties to non-residents"),
    ("PH", "CN", "15", "Demo: CN–PH agreement, art. 12"),
    ("SG", "**", "10", "Demo: SG rate on royalties to non-residents"),
    ("SG", "CN", "10", "Demo: CN–SG agreement, art. 12"),
    ("CN", "**", "10", "Demo: CN rate on royalties to non-residents"),
]


def seed(apps, schema_editor):
    WithholdingRate = apps.get_model("royalties", "WithholdingRate")
    for payer, payee, rate, source in DEMO_RATES:
        WithholdingRate.objects.get_or_create(
            payer_country=payer,
            payee_country=payee,
            valid_from=dt.date(2020, 1, 1),
            defaults={"rate": Decimal(rate), "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("royalties", "0001_initial")]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
