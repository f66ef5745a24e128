"""``make run``: start every part of the platform on one machine, stop them all on Ctrl-C.

    python -m marketplace.stack

Starts the embedded PostgreSQL and search engine (unless DATABASE_URL /
ELASTICSEARCH_URL point elsewhere), migrates, rebuilds the search index,
loads the demo data, then runs a Celery worker (with beat) and the web
server as child processes. Any child dying, SIGINT or SIGTERM stops all of
them and the embedded services; nothing is left running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
PYTHON = sys.executable


def _manage(*args: str) -> None:
    subprocess.run([PYTHON, str(BASE_DIR / "manage.py"), *args], check=True, cwd=BASE_DIR)


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


def main() -> int:
    from marketplace.embedded import (
        start_postgres,
        start_search,
        stop_postgres,
        stop_search,
    )

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    started = time.monotonic()
    children: list[subprocess.Popen] = []

    def shutdown(signum: int | None = None, _frame: object = None) -> None:
        # Children first (they hold connections), then the services they use.
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(15)
            except subprocess.TimeoutExpired:
                child.kill()
        stop_search()
        stop_postgres()
        if signum is not None:
            _say("stopped")
            sys.exit(0)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    try:
        if not os.environ.get("DATABASE_URL"):
            _say("starting embedded PostgreSQL (var/pg)")
            start_postgres(VAR_DIR / "pg")
        if not os.environ.get("ELASTICSEARCH_URL"):
            addr = os.environ.get("EMBEDDED_SEARCH_ADDR", "127.0.0.1:9207")
            _say(f"starting embedded search engine on {addr}")
            start_search(addr)
        if not os.environ.get("STRIPE_API_BASE") and not os.environ.get("STRIPE_SECRET_KEY"):
            # No Stripe keys: payments go to a local fake Stripe API (test mode).
            from finance.payments.stripe_local import start_localstripe

            process, url = start_localstripe()
            children.append(process)
            os.environ["STRIPE_API_BASE"] = url
            _say(f"started localstripe on {url} (test-mode payments)")
        _move_legacy_media()
        _manage("migrate", "--no-input", "-v", "0")
        _manage("compile_translations")
        _manage("load_sensitive_terms")
        _manage("seed_demo")
        _manage("search_index", "--rebuild")
        worker_cmd = [PYTHON, "-m", "celery", "-A", "marketplace", "worker", "--beat"]
        worker_cmd += ["--loglevel", "INFO", "--concurrency", "2"]
        children.append(subprocess.Popen(worker_cmd, cwd=BASE_DIR))
        host = os.environ.get("RUN_ADDR", "127.0.0.1:8000")
        web_cmd = [PYTHON, str(BASE_DIR / "manage.py"), "runserver", host, "--noreload"]
        children.append(subprocess.Popen(web_cmd, cwd=BASE_DIR))
        _say(f"ready in {time.monotonic() - started:.1f} s: http://{host}/ (Ctrl-C stops all)")
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        _say("a child process exited; stopping the rest")
        return 1
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


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "db":
        sys.exit(db(sys.argv[2]))
    sys.exit(main())
