"""Make the evidence tables append-only in the database itself.

* UPDATE / DELETE on either table: refused (row triggers).
* TRUNCATE: refused when the table has rows, unless allowed by the setting
  ``evidence.allow_truncate`` (``SET evidence.allow_truncate = on``), which
  defaults to on only in databases named ``test_*``: Django empties every
  table with one TRUNCATE between transactional tests and must not be
  refused there. Production roles should not hold TRUNCATE anyway.
* INSERT of an entry: must link to entry seq-1 (no gaps, no forks), must not
  go back in time, and must not be dated on a day whose root is recorded.

A superuser can still ALTER TABLE … DISABLE TRIGGER; that is what the hash
chain and verify_evidence are for.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION evidence_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    empty boolean;
    allowed text;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        allowed := coalesce(
            nullif(current_setting('evidence.allow_truncate', true), ''),
            CASE WHEN current_database() LIKE 'test\_%' THEN 'on' ELSE 'off' END
        );
        IF allowed = 'on' THEN
            RETURN NULL;
        END IF;
        -- TRUNCATE holds its ACCESS EXCLUSIVE lock already: nobody inserts meanwhile.
        EXECUTE format('SELECT NOT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME)
            INTO empty;
        IF empty THEN
            RETURN NULL;
        END IF;
    END IF;
    RAISE EXCEPTION 'evidence chain is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation',
              HINT = 'Evidence is never changed or removed; deposit a new entry instead.';
END
$$;

CREATE FUNCTION evidence_entry_check_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    prev_entry_hash text;
    prev_created timestamptz;
    new_day date := (NEW.created_at AT TIME ZONE 'UTC')::date;
BEGIN
    IF EXISTS (SELECT 1 FROM evidence_dailyroot WHERE day >= new_day) THEN
        RAISE EXCEPTION 'evidence entry %: % (UTC) is closed, its daily root is recorded',
            NEW.seq, new_day USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.seq = 1 THEN
        RETURN NEW;  -- the genesis prev_hash is a CHECK constraint
    END IF;
    SELECT entry_hash, created_at INTO prev_entry_hash, prev_created
      FROM evidence_evidenceentry WHERE seq = NEW.seq - 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'evidence entry %: entry % does not exist (the chain has no gaps)',
            NEW.seq, NEW.seq - 1 USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NEW.prev_hash <> prev_entry_hash THEN
        RAISE EXCEPTION 'evidence entry %: prev_hash is not the hash of entry %',
            NEW.seq, NEW.seq - 1 USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.created_at < prev_created THEN
        RAISE EXCEPTION 'evidence entry %: created_at is earlier than entry %',
            NEW.seq, NEW.seq - 1 USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER evidence_entry_link BEFORE INSERT ON evidence_evidenceentry
    FOR EACH ROW EXECUTE FUNCTION evidence_entry_check_link();
CREATE TRIGGER evidence_entry_append_only BEFORE UPDATE OR DELETE ON evidence_evidenceentry
    FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
CREATE TRIGGER evidence_entry_no_truncate BEFORE TRUNCATE ON evidence_evidenceentry
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
CREATE TRIGGER evidence_root_append_only BEFORE UPDATE OR DELETE ON evidence_dailyroot
    FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
CREATE TRIGGER evidence_root_no_truncate BEFORE TRUNCATE ON evidence_dailyroot
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS evidence_root_no_truncate ON evidence_dailyroot;
DROP TRIGGER IF EXISTS evidence_root_append_only ON evidence_dailyroot;
DROP TRIGGER IF EXISTS evidence_entry_no_truncate ON evidence_evidenceentry;
DROP TRIGGER IF EXISTS evidence_entry_append_only ON evidence_evidenceentry;
DROP TRIGGER IF EXISTS evidence_entry_link ON evidence_evidenceentry;
DROP FUNCTION IF EXISTS evidence_entry_check_link();
DROP FUNCTION IF EXISTS evidence_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
