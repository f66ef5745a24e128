"""Triggers that change ImageIndexVersion whenever the set of hashed work files changes.

The version is drawn from a sequence, not incremented: TRUNCATE (test flushes) empties
the version table but never rewinds the sequence, so a value once seen never comes
back with different contents behind it. Row triggers with WHEN clauses fire only for
rows that carry a hash, so uploads of audio or text files cost nothing.

Rewriting one row once per inserted file would make a bulk import of N hashed files
O(N²) (every update of a row already updated in the same transaction walks the chain
of its versions). So a transaction bumps the version once and sets a transaction-local
flag; further changes skip the bump until someone reads the version inside the same
transaction (selectors.image_index_version clears the flag), because only a reader
that cached the bumped value could miss them. Both the flag and the row roll back
with a savepoint, so they stay consistent.
"""

from django.db import migrations

FORWARD = """
CREATE SEQUENCE similarity_image_index_version_seq;

CREATE FUNCTION similarity_bump_image_index_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('similarity.image_index_dirty', true) IS DISTINCT FROM 'on' THEN
        INSERT INTO similarity_imageindexversion (id, version)
        VALUES (1, nextval('similarity_image_index_version_seq'))
        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
        PERFORM set_config('similarity.image_index_dirty', 'on', true);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER similarity_workfile_hashed_insert
AFTER INSERT ON catalog_workfile
FOR EACH ROW WHEN (NEW.phash IS NOT NULL)
EXECUTE FUNCTION similarity_bump_image_index_version();

CREATE TRIGGER similarity_workfile_hashed_update
AFTER UPDATE OF phash, work_id ON catalog_workfile
FOR EACH ROW WHEN (OLD.phash IS DISTINCT FROM NEW.phash OR OLD.work_id IS DISTINCT FROM NEW.work_id)
EXECUTE FUNCTION similarity_bump_image_index_version();

CREATE TRIGGER similarity_workfile_hashed_delete
AFTER DELETE ON catalog_workfile
FOR EACH ROW WHEN (OLD.phash IS NOT NULL)
EXECUTE FUNCTION similarity_bump_image_index_version();

CREATE TRIGGER similarity_workfile_truncate
AFTER TRUNCATE ON catalog_workfile
FOR EACH STATEMENT
EXECUTE FUNCTION similarity_bump_image_index_version();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS similarity_workfile_truncate ON catalog_workfile;
DROP TRIGGER IF EXISTS similarity_workfile_hashed_delete ON catalog_workfile;
DROP TRIGGER IF EXISTS similarity_workfile_hashed_update ON catalog_workfile;
DROP TRIGGER IF EXISTS similarity_workfile_hashed_insert ON catalog_workfile;
DROP FUNCTION IF EXISTS similarity_bump_image_index_version();
DROP SEQUENCE IF EXISTS similarity_image_index_version_seq;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("similarity", "0001_initial"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
