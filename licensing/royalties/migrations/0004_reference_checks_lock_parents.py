"""The statement-level reference checks of 0003 lock the parents they find, as a foreign
key does: FOR KEY SHARE on each distinct referenced row, so a concurrent DELETE of a
report, statement or work waits for the inserting transaction and is then refused by
the parent's keep-referenced trigger (and an insert waiting on a delete that commits
finds the parent gone). One lock per distinct parent, not per row: a million usage
lines of one report lock one report.
"""

from django.db import migrations

LOCKING = r"""
CREATE OR REPLACE FUNCTION royalties_references_exist() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    wanted bigint;
    locked bigint;
    missing bigint;
BEGIN
    -- TG_ARGV: the referencing column, the referenced table (key "id").
    EXECUTE format('SELECT count(DISTINCT n.%1$I) FROM new_rows n', TG_ARGV[0]) INTO wanted;
    IF wanted = 0 THEN
        RETURN NULL;
    END IF;
    EXECUTE format(
        'SELECT count(*) FROM (SELECT p.id FROM %2$I p WHERE p.id IN '
        '(SELECT n.%1$I FROM new_rows n) FOR KEY SHARE OF p) locked', TG_ARGV[0], TG_ARGV[1])
      INTO locked;
    IF locked < wanted THEN
        EXECUTE format(
            'SELECT n.%1$I FROM new_rows n WHERE n.%1$I IS NOT NULL AND NOT EXISTS '
            '(SELECT 1 FROM %2$I p WHERE p.id = n.%1$I) LIMIT 1', TG_ARGV[0], TG_ARGV[1])
          INTO missing;
        RAISE EXCEPTION '% of "%" refers to % %, which does not exist',
            TG_ARGV[0], TG_TABLE_NAME, TG_ARGV[1], missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;
"""

CHECK_ONLY = r"""
CREATE OR REPLACE FUNCTION royalties_references_exist() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing bigint;
BEGIN
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
"""


class Migration(migrations.Migration):
    dependencies = [("royalties", "0003_bulk_reference_checks")]

    operations = [migrations.RunSQL(LOCKING, CHECK_ONLY)]
