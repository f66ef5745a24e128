"""A small process supervisor for ``make run``: restart what dies, with backoff, stop all.

Each part (database, search engine, worker, beat, web server) is a :class:`Part`: how
to start it, how to tell it is alive, how to stop it. :meth:`Supervisor.tick` restarts a
dead part after a backoff that doubles per quick death (0.5 s, 1 s, 2 s … 30 s) and
resets once the part stayed up ``healthy_after`` seconds; every death and restart is a
log line. :meth:`Supervisor.stop_all` stops the parts in reverse start order, each by its
*current* process, so a restarted beat or database is stopped too.

Why not honcho or circus (docs/deployment.md, "Supervision"): honcho follows foreman —
any process exiting stops all of them, which is the behaviour this replaces; circus
installs here but runs its own arbiter with three ZeroMQ control sockets per stack and
respawns immediately (flapping plugin, no per-part backoff), and the database and
search engine are started through their Python packages, not plain commands.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Children get SIGTERM if the supervisor itself is SIGKILLed (Linux prctl), so an
    orphaned worker or beat never outlives ``make run``."""
    # Not Linux (no libc.so.6 / prctl): the supervisor's stop_all still applies.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def spawn(argv: list[str], **popen: object) -> subprocess.Popen:
    return subprocess.Popen(argv, preexec_fn=_die_with_parent, **popen)


def stop_process(proc: subprocess.Popen | None, *, timeout: float = 15.0) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


@dataclass
class Part:
    name: str
    start: Callable[[], subprocess.Popen | None]
    is_alive: Callable[[Part], bool] | None = None
    stop: Callable[[Part], None] | None = None
    on_restart: Callable[[], None] | None = None
    proc: subprocess.Popen | None = None
    restarts: int = 0
    started_at: float = 0.0
    died_at: float | None = None
    restart_due: float | None = None
    delay: float = 0.0
    history: list[float] = field(default_factory=list)  # seconds from death to restart

    def alive(self) -> bool:
        if self.is_alive is not None:
            return self.is_alive(self)
        return self.proc is not None and self.proc.poll() is None

    def halt(self) -> None:
        if self.stop is not None:
            self.stop(self)
        else:
            stop_process(self.proc)


class Supervisor:
    def __init__(
        self,
        *,
        log: Callable[[str], None] = print,
        backoff_initial: float = 0.5,
        backoff_max: float = 30.0,
        healthy_after: float = 30.0,
    ) -> None:
        self.log = log
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.healthy_after = healthy_after
        self.parts: list[Part] = []

    def add(self, part: Part) -> Part:
        part.proc = part.start()
        part.started_at = time.monotonic()
        self.parts.append(part)
        return part

    def tick(self) -> None:
        """One look at every part: note deaths, restart those whose backoff is over."""
        now = time.monotonic()
        for part in self.parts:
            if part.restart_due is None:
                if part.alive():
                    continue
                code = part.proc.returncode if part.proc is not None else None
                quick = now - part.started_at < self.healthy_after
                part.delay = (
                    min(max(part.delay * 2, self.backoff_initial), self.backoff_max)
                    if quick
                    else self.backoff_initial
                )
                part.died_at, part.restart_due = now, now + part.delay
                self.log(f"{part.name} died (exit {code}); restarting in {part.delay:.1f} s")
            elif now >= part.restart_due:
                self._restart(part, now)

    def _restart(self, part: Part, now: float) -> None:
        try:
            part.proc = part.start()
        except Exception as exc:
            part.started_at, part.restart_due = now, None
            part.proc = None
            self.log(f"{part.name} failed to start: {exc}")
            return
        part.restarts += 1
        part.started_at, part.restart_due = time.monotonic(), None
        part.history.append(part.started_at - (part.died_at or now))
        pid = part.proc.pid if part.proc is not None else "-"
        self.log(f"{part.name} restarted (pid {pid}, restart {part.restarts})")
        if part.on_restart is not None:
            part.on_restart()

    def run(self, *, should_stop: Callable[[], bool], interval: float = 0.25) -> None:
        while not should_stop():
            self.tick()
            time.sleep(interval)

    def stop_all(self) -> None:
        for part in reversed(self.parts):
            try:
                part.halt()
            except Exception as exc:
                self.log(f"{part.name} did not stop cleanly: {exc}")
        self.parts.clear()
