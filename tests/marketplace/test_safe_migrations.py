"""Migrations that touch the usage-line table take no long lock (docs/deployment.md).

Usage lines grow by a million rows a file; `migrate` runs while the previous release
serves. Every migration of every app is read (its operations, and the SQL of its
RunSQL) and each change to ``royalties_usageline`` must be one of the safe shapes: an
index built CONCURRENTLY outside a transaction, a nullable column without a default,
a constraint added NOT VALID and validated later.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader
from django.db.models.fields import NOT_PROVIDED

APP, MODEL, TABLE = "royalties", "usageline", "royalties_usageline"
# Ran before the table held a row (it is created in 0001; 0003 replaced its indexes in
# the same release). Every later migration is checked.
BEFORE_DATA = {(APP, "0001_initial"), (APP, "0003_bulk_reference_checks")}

_SQL_INDEX = re.compile(r"CREATE\s+(UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY)", re.IGNORECASE)
_SQL_CONSTRAINT = re.compile(r"ADD\s+CONSTRAINT\b(?![^;]*NOT\s+VALID)", re.IGNORECASE)
_SQL_REWRITE = re.compile(r"ALTER\s+COLUMN\s+\S+\s+(SET\s+DATA\s+)?TYPE\b", re.IGNORECASE)


def _sql_text(operation: migrations.RunSQL) -> str:
    sql = operation.sql
    parts = sql if isinstance(sql, list | tuple) else [sql]
    return "\n".join(part if isinstance(part, str) else str(part[0]) for part in parts)


def problems(migration: migrations.Migration) -> list[str]:
    """Why each operation on the usage-line table would lock it; empty when all are safe."""
    found = []
    for operation in migration.operations:
        name = type(operation).__name__
        on_model = getattr(operation, "model_name", "").lower() == MODEL
        app_ok = migration.app_label == APP
        if isinstance(operation, AddIndexConcurrently | RemoveIndexConcurrently):
            if on_model and app_ok and migration.atomic:
                found.append(f"{name} needs `atomic = False` on the migration")
        elif isinstance(operation, migrations.AddIndex | migrations.RemoveIndex) and on_model:
            found.append(f"{name}: use {name}Concurrently (a plain one blocks writes)")
        elif isinstance(operation, migrations.AddConstraint) and on_model:
            found.append("AddConstraint validates under lock: RunSQL … NOT VALID, then VALIDATE")
        elif isinstance(operation, migrations.AddField) and on_model:
            field = operation.field
            if not field.null or field.default is not NOT_PROVIDED or field.has_db_default():
                found.append(
                    f"AddField {operation.name}: add it nullable without a default, "
                    "backfill in batches, then constrain"
                )
        elif isinstance(operation, migrations.AlterField) and on_model:
            found.append(f"AlterField {operation.name}: may rewrite the table; new column instead")
        elif isinstance(operation, migrations.RunSQL) and TABLE in _sql_text(operation):
            sql = _sql_text(operation)
            for pattern, why in (
                (_SQL_INDEX, "CREATE INDEX without CONCURRENTLY"),
                (_SQL_CONSTRAINT, "ADD CONSTRAINT without NOT VALID"),
                (_SQL_REWRITE, "ALTER COLUMN … TYPE rewrites the table"),
            ):
                if pattern.search(sql):
                    found.append(f"RunSQL: {why}")
    return found


def _checked_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [
        migration
        for key, migration in sorted(loader.disk_migrations.items())
        if key not in BEFORE_DATA
    ]


def test_migrations_after_the_table_has_data_use_the_safe_operations():
    unsafe = {f"{m.app_label}.{m.name}": p for m in _checked_migrations() if (p := problems(m))}
    assert not unsafe, unsafe


def test_the_exempt_migrations_exist_and_are_the_ones_that_would_fail():
    # The exemptions cannot hide a later migration: each names one that exists and that
    # the check would refuse today.
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in BEFORE_DATA:
        assert key in loader.disk_migrations, key
        assert problems(loader.disk_migrations[key]), f"{key} needs no exemption"


def _migration(*operations, atomic=True):
    migration = migrations.Migration("9999_probe", APP)
    migration.operations = list(operations)
    migration.atomic = atomic
    return migration


INDEX = models.Index(fields=["territory"], name="usage_territory_idx")


@pytest.mark.parametrize(
    ("operation", "atomic", "expected"),
    [
        (migrations.AddIndex(model_name=MODEL, index=INDEX), True, "AddIndexConcurrently"),
        (AddIndexConcurrently(model_name=MODEL, index=INDEX), True, "atomic = False"),
        (
            migrations.AddField(MODEL, "isrc", models.CharField(max_length=12, default="")),
            False,
            "nullable",
        ),
        (
            migrations.AddConstraint(
                model_name=MODEL,
                constraint=models.CheckConstraint(
                    condition=models.Q(units__gt=-(10**6)), name="usage_units_sane"
                ),
            ),
            False,
            "NOT VALID",
        ),
        (
            migrations.RunSQL(f"CREATE INDEX usage_x ON {TABLE} (territory)"),
            False,
            "CONCURRENTLY",
        ),
        (
            migrations.RunSQL(f"ALTER TABLE {TABLE} ADD CONSTRAINT c CHECK (units > 0)"),
            False,
            "NOT VALID",
        ),
    ],
)
def test_the_check_refuses_each_locking_shape(operation, atomic, expected):
    found = problems(_migration(operation, atomic=atomic))
    assert found and expected in found[0], found


def test_the_check_accepts_the_documented_pattern():
    migration = _migration(
        migrations.AddField(MODEL, "isrc", models.CharField(max_length=12, null=True)),
        AddIndexConcurrently(model_name=MODEL, index=INDEX),
        migrations.RunSQL(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT isrc_set CHECK (isrc IS NOT NULL) NOT VALID"
        ),
        migrations.RunSQL(f"ALTER TABLE {TABLE} VALIDATE CONSTRAINT isrc_set"),
        migrations.RunSQL(f"CREATE INDEX CONCURRENTLY usage_y ON {TABLE} (channel)"),
        atomic=False,
    )
    assert problems(migration) == []
