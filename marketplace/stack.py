"""``make run``: start every part of the platform on one machine, stop them all on Ctrl-C.

    python -m marketplace.stack

Starts the embedded PostgreSQL and search engine (unless DATABASE_URL /
ELASTICSEARCH_URL point elsewhere), migrates, loads the demo catalogue,
rebuilds the search index, then runs a Celery worker (with beat) and the web
server as child processes. The rest of the demo (contracts, payments,
royalties, disputes — whose signed PDFs take minutes to render) is seeded by
a background child once the site serves; the worker renders registration
certificates. The database, search engine, worker, beat and web server are
supervised (marketplace/supervisor.py): one that dies is restarted with
backoff and a log line (a restarted search engine, which starts empty, gets
its index rebuilt). SIGINT or SIGTERM stops all of them, each by its current
process; nothing is left running.

    python -m marketplace.stack --measure-start

starts the same stack cold on a temporary var dir and free ports, prints
the seconds of each phase and to the first 200, and stops.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from marketplace.supervisor import Part, Supervisor, spawn

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
PYTHON = sys.executable


def _manage(*args: str) -> None:
    subprocess.run([PYTHON, str(BASE_DIR / "manage.py"), *args], check=True, cwd=BASE_DIR)


def _manage_child(*args: str) -> subprocess.Popen:
    return subprocess.Popen([PYTHON, str(BASE_DIR / "manage.py"), *args], cwd=BASE_DIR)


def app_parts(host: str, *, env: dict[str, str] | None = None) -> list[Part]:
    """The worker, beat and web server as supervised parts (beat apart from the worker, so
    either can die and come back alone; its lock keeps it single, marketplace/beat_lock.py)."""
    celery = [PYTHON, "-m", "celery", "-A", "marketplace"]
    worker = [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"]
    beat = [*celery, "beat", "--loglevel", "INFO"]
    # System checks ran with migrate; skipping them again shortens a restart by seconds.
    web = [PYTHON, str(BASE_DIR / "manage.py"), "runserver", host, "--noreload", "--skip-checks"]
    return [
        Part(name, start=lambda argv=argv: spawn(argv, cwd=BASE_DIR, env=env))
        for name, argv in (("worker", worker), ("beat", beat), ("web server", web))
    ]


class Phases:
    """Seconds per start-up phase, said as each one ends (``--measure-start`` tabulates them)."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.rows: list[tuple[str, float]] = []

    @contextmanager
    def __call__(self, name: str):
        begun = time.monotonic()
        yield
        self.add(name, time.monotonic() - begun)

    def add(self, name: str, seconds: float) -> None:
        self.rows.append((name, seconds))
        _say(f"{name}: {seconds:.1f} s")

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def table(self) -> str:
        width = max(len(name) for name, _ in self.rows)
        return "\n".join(f"{name:<{width}}  {seconds:7.1f} s" for name, seconds in self.rows)


def _wait_for_200(url: str, *, timeout: float = 600.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def _say(message: str) -> None:
    print(f"[stack] {message}", flush=True)


def _move_legacy_media() -> None:
    """Before storage was split, every upload (contracts, evidence…) lived in var/media.
    Those are private files now; the public root is var/public and var/media is served
    by nothing, so an existing install's files move to where the private storage reads."""
    legacy, private = VAR_DIR / "media", VAR_DIR / "private"
    if legacy.is_dir() and not private.exists() and not os.environ.get("PRIVATE_ROOT"):
        legacy.rename(private)
        _say("moved var/media to var/private: uploads are private files now")


def main(*, measure: bool = False) -> int:
    """Run until stopped; with ``measure``, stop once the site answered and the demo is
    seeded, having printed the seconds of each phase."""
    from marketplace.embedded import (
        postgres_is_running,
        restart_postgres,
        search_is_up,
        start_search,
        stop_postgres,
        stop_search,
    )

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    phases = Phases()
    children: list[subprocess.Popen] = []
    background: list[subprocess.Popen] = []
    supervisor = Supervisor(log=_say)

    def shutdown(signum: int | None = None, _frame: object = None) -> None:
        # Children first (they hold connections), then the services they use: the
        # supervisor stops web, beat, worker, search, database — each by its current PID.
        for child in background:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        supervisor.stop_all()
        for child in [*background, *children]:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in [*background, *children]:
            try:
                child.wait(15)
            except subprocess.TimeoutExpired:
                child.kill()
        if signum is not None:
            _say("stopped")
            sys.exit(0)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    try:
        if not os.environ.get("DATABASE_URL"):
            _say(f"starting embedded PostgreSQL ({VAR_DIR / 'pg'})")
            pgdata = VAR_DIR / "pg"
            with phases("postgres"):
                supervisor.add(
                    Part(
                        "database",
                        start=lambda: restart_postgres(pgdata),
                        is_alive=lambda _part: postgres_is_running(pgdata),
                        stop=lambda _part: stop_postgres(),
                    )
                )
        if not os.environ.get("ELASTICSEARCH_URL"):
            addr = os.environ.get("EMBEDDED_SEARCH_ADDR", "127.0.0.1:9207")
            _say(f"starting embedded search engine on {addr}")
            url = f"http://{addr}"
            with phases("search engine"):
                supervisor.add(
                    Part(
                        "search engine",
                        start=lambda: start_search(addr),
                        # None: an engine already answered there (not ours to watch)
                        is_alive=lambda p: p.proc.poll() is None if p.proc else search_is_up(url),
                        stop=lambda _part: stop_search(),
                        # It starts empty: the index is rebuilt from the database.
                        on_restart=lambda: background.append(
                            _manage_child("search_index", "--rebuild")
                        ),
                    )
                )
        if not os.environ.get("STRIPE_API_BASE") and not os.environ.get("STRIPE_SECRET_KEY"):
            # No Stripe keys: payments go to a local fake Stripe API (test mode).
            from finance.payments.stripe_local import start_localstripe

            with phases("localstripe"):
                process, url = start_localstripe()
            children.append(process)
            os.environ["STRIPE_API_BASE"] = url
            _say(f"started localstripe on {url} (test-mode payments)")
        _move_legacy_media()
        # Compiling catalogues needs no database: it runs while migrate does.
        translations = _manage_child("compile_translations")
        with phases("migrate"):
            _manage("migrate", "--no-input", "-v", "0")
        with phases("compile translations (wait)"):
            if translations.wait():
                raise subprocess.CalledProcessError(translations.returncode, translations.args)
        with phases("sensitive terms"):
            _manage("load_sensitive_terms")
        with phases("seed demo catalogue"):
            _manage("seed_demo", "--part", "catalog")
        with phases("search index"):
            _manage("search_index", "--rebuild")
        serving_started = time.monotonic()
        host = os.environ.get("RUN_ADDR", "127.0.0.1:8000")
        for part in app_parts(host):
            supervisor.add(part)
        # Contracts, payments, royalties and disputes after the site serves: their signed
        # PDFs are most of a cold start. Idempotent, so a restart finishes what was cut short.
        seeding = _manage_child("seed_demo", "--part", "activity")
        background.append(seeding)
        seed_started = time.monotonic()
        if measure:
            answered = _wait_for_200(f"http://{host}/")
            phases.add("worker and web up, first 200", time.monotonic() - serving_started)
            if not answered:
                _say("the site never answered 200")
                return 1
            first_200 = phases.elapsed()
            seeding.wait()
            phases.add("seed demo activity (background)", time.monotonic() - seed_started)
            phases.add("total to first 200", first_200)
            print(phases.table(), flush=True)
            return seeding.returncode
        _say(f"ready in {phases.elapsed():.1f} s: http://{host}/ (Ctrl-C stops all)")
        while True:  # until SIGINT/SIGTERM (shutdown exits)
            if seeding.poll() is not None and seeding in background:
                background.remove(seeding)
                outcome = "seeded" if seeding.returncode == 0 else "seeding FAILED"
                _say(f"demo {outcome} in the background ({time.monotonic() - seed_started:.1f} s)")
            supervisor.tick()
            time.sleep(0.25)
    except subprocess.CalledProcessError as exc:
        _say(f"step failed: {' '.join(exc.cmd[1:])}")
        return exc.returncode or 1
    finally:
        shutdown()


def db(action: str) -> int:
    """``make db`` / ``make db-stop``: the embedded database alone, for manage.py work."""
    from marketplace.embedded import start_postgres, stop_detached_postgres

    if action == "up":
        _say(f"embedded PostgreSQL running: {start_postgres(VAR_DIR / 'pg', detach=True)}")
    else:
        stop_detached_postgres(VAR_DIR / "pg")
        _say("embedded PostgreSQL stopped")
    return 0


def measure_start() -> int:
    """A cold start on a fresh, temporary var dir and free ports, on the embedded engines
    (a DATABASE_URL or ELASTICSEARCH_URL of this shell would not be cold); the dir goes after."""
    from finance.payments.stripe_local import free_port

    global VAR_DIR
    VAR_DIR = Path(tempfile.mkdtemp(prefix="cold-start-"))
    for name in ("DATABASE_URL", "ELASTICSEARCH_URL", "CELERY_BROKER_URL", "PRIVATE_ROOT"):
        os.environ.pop(name, None)
    os.environ["VAR_DIR"] = str(VAR_DIR)
    os.environ["EMBEDDED_SEARCH_ADDR"] = f"127.0.0.1:{free_port()}"
    os.environ["RUN_ADDR"] = f"127.0.0.1:{free_port()}"
    try:
        return main(measure=True)
    finally:
        shutil.rmtree(VAR_DIR, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "db":
        sys.exit(db(sys.argv[2]))
    if sys.argv[1:] == ["--measure-start"]:
        sys.exit(measure_start())
    sys.exit(main())
