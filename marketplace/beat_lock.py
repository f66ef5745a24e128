"""One Celery beat at a time: the scheduler holds an exclusive ``flock`` on a lock file.

Two beats side by side send every periodic task twice (the failure seen after a
restart that left the old beat running). The lock is taken before the schedule file is
opened, so a second beat exits (status 75) without touching it.

Why ``fcntl.flock`` and not a PostgreSQL advisory lock: the kernel drops the lock the
instant its process dies (SIGKILL included), so there is never a stale lock to clear;
it does not tie beat to the database (an advisory lock vanishes with the session when
the database restarts, while the old beat keeps scheduling, letting a second one in).
Its scope is one host, which is where beat runs — production runs a single beat unit
(docs/deployment.md, "Supervision").
"""

from __future__ import annotations

import fcntl
import os

from celery.beat import PersistentScheduler
from django.conf import settings

EX_TEMPFAIL = 75  # "try again later": the supervisor restarts it after its backoff
_held: dict[str, int] = {}


def beat_lock_path(schedule_filename: str | None = None) -> str:
    return getattr(settings, "CELERY_BEAT_LOCK_FILE", "") or (
        (schedule_filename or settings.CELERY_BEAT_SCHEDULE_FILENAME) + ".lock"
    )


def acquire_beat_lock(path: str | None = None) -> int:
    """Hold the lock for the life of this process; raise SystemExit if another holds it."""
    path = path or beat_lock_path()
    if path in _held:
        return _held[path]
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise SystemExit(
            f"celery beat: another beat (pid {holder}) holds {path}; not starting a second"
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)  # who holds it, for the message above
    _held[path] = fd
    return fd


class LockedScheduler(PersistentScheduler):
    """Celery's file scheduler, behind the single-beat lock."""

    def __init__(self, *args, **kwargs):
        try:
            acquire_beat_lock(beat_lock_path(kwargs.get("schedule_filename")))
        except SystemExit as exc:
            print(exc, flush=True)
            os._exit(EX_TEMPFAIL)  # beat's service thread would swallow SystemExit
        super().__init__(*args, **kwargs)
