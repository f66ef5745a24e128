"""Make a backup set and restore one (the commands ``backup`` and ``restore``)."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from marketplace.backup import postgres
from marketplace.backup.sets import (
    DUMP,
    FORMAT,
    BackupError,
    copy_back,
    copy_out,
    occupied_storages,
    read_verified_manifest,
    sha256_of,
    write_manifest,
)
from marketplace.search import indexing

Progress = Callable[[int], None]


def _commit() -> str:
    if os.environ.get("GIT_COMMIT"):
        return os.environ["GIT_COMMIT"]
    done = subprocess.run(
        ["git", "rev-parse", "HEAD"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def backup_create(*, to: Path, progress: Progress = lambda n: None) -> Path:
    """Write a new set under ``to``; returns its directory."""
    if connection.in_atomic_block:
        raise BackupError("a backup runs outside a transaction (pg_dump sees committed data)")
    created = dt.datetime.now(dt.UTC)
    final = Path(to) / created.strftime("%Y%m%dT%H%M%S%fZ")
    # Named as a set only once complete: a backup that dies leaves a visible *.partial.
    set_dir = final.with_name(final.name + ".partial")
    set_dir.mkdir(parents=True)
    pg_dump_version = postgres.dump(set_dir / DUMP)
    files = copy_out(set_dir, progress)
    write_manifest(
        set_dir,
        {
            "format": FORMAT,
            "created_at": created.isoformat(),
            "app_version": importlib.metadata.version("copyright-marketplace"),
            "commit": _commit(),
            "database": connection.settings_dict["NAME"],
            "server_version": connection.pg_version,
            "pg_dump": pg_dump_version,
            "dump": {"sha256": sha256_of(set_dir / DUMP), "bytes": (set_dir / DUMP).stat().st_size},
            "files": files,
        },
    )
    set_dir.rename(final)
    return final


def latest_set(path: Path) -> Path:
    """``path`` itself if it is a set, else the newest set directly under it."""
    path = Path(path)
    if (path / "manifest.json").exists() or not path.is_dir():
        return path
    sets = sorted(p for p in path.iterdir() if (p / "manifest.json").exists())
    return sets[-1] if sets else path


def backup_restore(
    *,
    source: Path,
    force: bool = False,
    progress: Progress = lambda n: None,
    verify_progress: Progress = lambda n: None,
) -> indexing.RebuildReport:
    """Verify, then restore the database and the files, then rebuild the search index."""
    if connection.in_atomic_block:
        raise BackupError("a restore runs outside a transaction")
    manifest = read_verified_manifest(Path(source), verify_progress)
    tables = postgres.table_count()
    occupied = occupied_storages()
    if (tables or occupied) and not force:
        where = (
            [f"database {connection.settings_dict['NAME']} has {tables} tables"] if tables else []
        )
        where += [f"the {folder} storage has files" for folder in occupied]
        raise BackupError(
            f"refusing to restore over a system in use ({'; '.join(where)}); "
            "restore into an empty database and empty storages, or pass --force to replace them"
        )
    if tables:
        postgres.wipe()
    postgres.restore(Path(source) / DUMP)
    connection.close()  # the restored database has other content-type ids, sequences …
    ContentType.objects.clear_cache()
    copy_back(Path(source), manifest, progress)
    return indexing.rebuild_index(force=True)
