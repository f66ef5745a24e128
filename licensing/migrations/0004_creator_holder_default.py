"""Rights in by default only for a creator-holder.

Migration 0003 gave every new work's holder "everything" (one wildcard held cell, basis
"own") on insert — so a publisher importing 10,000 ONIX titles held everything without
recording what it acquired. Now the default applies only where the holder is among the
work's creators (a ``catalog_workcreator`` row whose party is the work's holder): an author
registering their own work, or an ONIX file whose contributor is its sender. This is the
same rule ``licensing.rightsin.services.held_right_add`` applies to basis "own". Anyone
else records acquired rights on the rights-in pages before listing.

The trigger moves from ``catalog_work`` to ``catalog_workcreator`` (creators are written
after the work), statement-level with a transition table so a bulk import of creators costs
one insert per statement, not a lookup per row. It fires once per work: a work that already
has an "own" record (e.g. the holder named again in another role) gets no second one.

Existing works keep their held rights exactly as they are (no rows are touched): works
registered before this migration were given "everything" by 0003 and keep it until the
holder narrows it.
"""

from django.db import migrations

SQL = """
DROP TRIGGER IF EXISTS work_creator_holds_everything ON catalog_work;
DROP FUNCTION IF EXISTS licensing_creator_holds_everything();

CREATE FUNCTION licensing_creator_holder_holds_everything() RETURNS trigger AS $$
BEGIN
    WITH works AS (
        SELECT DISTINCT w.id, w.holder_id
          FROM added a
          JOIN catalog_work w ON w.id = a.work_id AND w.holder_id = a.party_id
         WHERE NOT EXISTS (SELECT 1 FROM licensing_heldright h
                            WHERE h.work_id = w.id AND h.basis = 'own')
    ), held AS (
        INSERT INTO licensing_heldright (work_id, holder_id, basis, right_type, territories,
                                         excluded_territories, languages, period, exclusive,
                                         source_ref, acquired_from, note, created_at)
        SELECT id, holder_id, 'own', '*', ARRAY['*'], '{}', ARRAY['*'],
               daterange(NULL, NULL), true, '', '', '', now()
          FROM works
        RETURNING id, work_id
    )
    INSERT INTO licensing_heldcell (held_id, work_id, right_type, territory, language,
                                    period, exclusive)
    SELECT id, work_id, '*', '*', '*', daterange(NULL, NULL), true FROM held;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER creator_holder_holds_everything
    AFTER INSERT ON catalog_workcreator
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION licensing_creator_holder_holds_everything();
"""

REVERSE = """
DROP TRIGGER IF EXISTS creator_holder_holds_everything ON catalog_workcreator;
DROP FUNCTION IF EXISTS licensing_creator_holder_holds_everything();

CREATE FUNCTION licensing_creator_holds_everything() RETURNS trigger AS $$
DECLARE
    held bigint;
BEGIN
    INSERT INTO licensing_heldright (work_id, holder_id, basis, right_type, territories,
                                     excluded_territories, languages, period, exclusive,
                                     source_ref, acquired_from, note, created_at)
    VALUES (NEW.id, NEW.holder_id, 'own', '*', ARRAY['*'], '{}', ARRAY['*'],
            daterange(NULL, NULL), true, '', '', '', now())
    RETURNING id INTO held;
    INSERT INTO licensing_heldcell (held_id, work_id, right_type, territory, language,
                                    period, exclusive)
    VALUES (held, NEW.id, '*', '*', '*', daterange(NULL, NULL), true);
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER work_creator_holds_everything
    AFTER INSERT ON catalog_work
    FOR EACH ROW EXECUTE FUNCTION licensing_creator_holds_everything();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("licensing", "0003_rights_in_rules"),
    ]

    operations = [migrations.RunSQL(sql=SQL, reverse_sql=REVERSE)]
