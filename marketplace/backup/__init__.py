"""Backup sets: one directory holding everything needed to bring the platform back.

``manage.py backup --to DIR`` writes ``DIR/<UTC timestamp>/`` with

* ``database.dump`` — ``pg_dump`` custom format, made by the ``pg_dump`` whose major
  version is the server's (:mod:`marketplace.backup.postgres`);
* ``private/`` — every file of the private (default) storage: certificates, evidence
  files, contracts, statements, usage files, court files …;
* ``public/`` — the public media (CMS images and renditions);
* ``manifest.json`` — when, which version and commit, which database, and the SHA-256
  and size of the dump and of every file; ``manifest.sha256`` holds the manifest's own
  hash so an edited manifest is noticed too.

``manage.py restore --from DIR/<timestamp>`` checks every hash before it touches
anything (a tampered or incomplete set is refused and nothing changes), refuses a
target database that already has tables unless ``--force``, restores the database and
the files, and rebuilds the search index from the restored database. The search index
is never backed up: it is a projection of PostgreSQL.
"""
