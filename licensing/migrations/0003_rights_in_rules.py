"""Rights in, enforced by PostgreSQL.

* Every work gets "everything" (one wildcard held cell, see ``licensing.models.ANY``) for
  the party that registers it as its holder — its creator-holder — when the row is
  inserted. A trigger on catalog_work rather than a call in ``work_create``: the catalog
  must not import licensing, and works are also created by bulk imports (ONIX) that never
  pass through ``work_create``; the database is the one place every creation passes.
* Existing works get the same default (data migration below).
* A grant cell must lie inside the union of its work's held cells of the same right,
  country and language (wildcards match), and inside exclusive ones when it is exclusive.
  A trigger, not a constraint: CHECK cannot read other rows, an EXCLUDE constraint can
  only forbid overlaps (not require containment), and a foreign key cannot express a range
  contained in a union of ranges with wildcards. ``range_agg`` (PostgreSQL ≥ 14) takes the
  union, so two acquisitions that continue each other cover a grant spanning both — the
  same rule ``licensing.availability`` applies in Python.
* Removing or narrowing a held cell is refused while a grant cell would fall outside.
"""

from django.db import migrations

SQL = """
CREATE FUNCTION licensing_held_covers(
    w bigint, r text, t text, l text, p daterange, excl boolean
) RETURNS boolean AS $$
    SELECT COALESCE(range_agg(h.period) @> p, false)
      FROM licensing_heldcell h
     WHERE h.work_id = w
       AND h.right_type IN (r, '*') AND h.territory IN (t, '*') AND h.language IN (l, '*')
       AND (h.exclusive OR NOT excl)
$$ LANGUAGE sql STABLE;

CREATE FUNCTION licensing_grantcell_inside_held() RETURNS trigger AS $$
BEGIN
    IF NOT licensing_held_covers(NEW.work_id, NEW.right_type, NEW.territory, NEW.language,
                                 NEW.period, NEW.exclusive) THEN
        RAISE EXCEPTION 'grant cell (work %, %, %, %, %, exclusive %) lies outside the rights held',
            NEW.work_id, NEW.right_type, NEW.territory, NEW.language, NEW.period, NEW.exclusive
            USING ERRCODE = 'check_violation', CONSTRAINT = 'grantcell_inside_rights_held';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER grantcell_inside_rights_held
    BEFORE INSERT OR UPDATE ON licensing_grantcell
    FOR EACH ROW EXECUTE FUNCTION licensing_grantcell_inside_held();

CREATE FUNCTION licensing_heldcell_keeps_grants() RETURNS trigger AS $$
DECLARE
    bad record;
BEGIN
    SELECT g.id, g.right_type, g.territory, g.language, g.period INTO bad
      FROM licensing_grantcell g
     WHERE g.work_id = OLD.work_id
       AND (OLD.right_type = '*' OR g.right_type = OLD.right_type)
       AND (OLD.territory = '*' OR g.territory = OLD.territory)
       AND (OLD.language = '*' OR g.language = OLD.language)
       AND g.period && OLD.period
       AND NOT licensing_held_covers(g.work_id, g.right_type, g.territory, g.language,
                                     g.period, g.exclusive)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'rights held of work % still carry grant cell % (%, %, %, %)',
            OLD.work_id, bad.id, bad.right_type, bad.territory, bad.language, bad.period
            USING ERRCODE = 'check_violation', CONSTRAINT = 'heldcell_keeps_grants_inside';
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER heldcell_keeps_grants_inside
    AFTER DELETE OR UPDATE ON licensing_heldcell
    FOR EACH ROW EXECUTE FUNCTION licensing_heldcell_keeps_grants();

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

-- Existing works: their holder registered them, so it is their creator-holder.
WITH held AS (
    INSERT INTO licensing_heldright (work_id, holder_id, basis, right_type, territories,
                                     excluded_territories, languages, period, exclusive,
                                     source_ref, acquired_from, note, created_at)
    SELECT w.id, w.holder_id, 'own', '*', ARRAY['*'], '{}', ARRAY['*'],
           daterange(NULL, NULL), true, '', '', '', now()
      FROM catalog_work w
     WHERE NOT EXISTS (SELECT 1 FROM licensing_heldright h WHERE h.work_id = w.id)
    RETURNING id, work_id
)
INSERT INTO licensing_heldcell (held_id, work_id, right_type, territory, language, period,
                                exclusive)
SELECT id, work_id, '*', '*', '*', daterange(NULL, NULL), true FROM held;
"""

REVERSE = """
DROP TRIGGER IF EXISTS work_creator_holds_everything ON catalog_work;
DROP FUNCTION IF EXISTS licensing_creator_holds_everything();
DROP TRIGGER IF EXISTS heldcell_keeps_grants_inside ON licensing_heldcell;
DROP FUNCTION IF EXISTS licensing_heldcell_keeps_grants();
DROP TRIGGER IF EXISTS grantcell_inside_rights_held ON licensing_grantcell;
DROP FUNCTION IF EXISTS licensing_grantcell_inside_held();
DROP FUNCTION IF EXISTS licensing_held_covers(bigint, text, text, text, daterange, boolean);
DELETE FROM licensing_heldcell;
DELETE FROM licensing_heldright;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("licensing", "0002_rights_in_and_consent_rule"),
    ]

    operations = [migrations.RunSQL(sql=SQL, reverse_sql=REVERSE)]
