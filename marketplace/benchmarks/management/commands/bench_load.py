"""``manage.py bench_load --users 50 --seconds 60 --workers 4 --compare-workers 1`` — a locust run.

Seeds the demo catalogue into a scratch database (marketplace.benchmarks.scratch_db),
starts gunicorn with ``--workers`` on 127.0.0.1 (a free port) and 2 Celery worker
processes on a Redis broker, warms each page up once (untimed), then runs the scenario of
marketplace/benchmarks/locustfile.py headless and prints requests/s, p50/p95/p99 per
endpoint and the errors. With ``--compare-workers N`` the same run follows with N gunicorn
workers and the ratio of the two throughputs. Loopback only: a host that is not a
loopback address is refused. Every process started here is stopped, and the scratch
database dropped, also on an error or Ctrl-C.
"""

from __future__ import annotations

import contextlib
import csv
import ipaddress
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from marketplace.benchmarks.load_requests import LANGUAGES, QUERIES, search_path
from marketplace.benchmarks.processes import celery_worker
from marketplace.benchmarks.scratch_db import add_database_arguments, database_url, scratch_database
from marketplace.demo.guard import DEMO_PASSWORD
from marketplace.demo.loader import demo_content
from marketplace.embedded import start_search
from marketplace.listings.models import Listing

LOCUSTFILE = Path(__file__).resolve().parents[2] / "locustfile.py"
GUNICORN_CONF = Path(settings.BASE_DIR) / "marketplace" / "gunicorn.conf.py"
BIN = Path(sys.executable).parent


def require_loopback(host: str) -> str:
    """The host's address if it is a loopback one; a load run never leaves this machine."""
    try:
        address = ipaddress.ip_address(socket.gethostbyname(host))
    except (OSError, ValueError) as exc:
        raise CommandError(f"cannot resolve {host!r}: {exc}") from exc
    if not address.is_loopback:
        raise CommandError(f"refusing to load {host} ({address}): loopback addresses only")
    return str(address)


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_up(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(f"gunicorn exited with {process.returncode}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(url, timeout=2),  # noqa: S310 (loopback, checked)
        ):
            return
        time.sleep(0.5)
    raise CommandError(f"gunicorn did not answer {url} within {timeout:.0f} s")


def warm_up(base: str, listing_ids: list[str]) -> None:
    """One untimed request to each page the scenario opens, in each of its languages.

    A fresh worker compiles templates and loads each language's catalogs on its first
    request; on a loaded machine that once took longer than a short run itself, which
    then counted no request at all. Steady-state latency is what the table reports.
    """
    paths = ["/en/accounts/login/"]
    for language in LANGUAGES:
        paths.append(search_path(language, QUERIES[0]))
        paths += [f"/{language}/listings/{pk}/" for pk in listing_ids[:1]]
    for path in paths:
        with contextlib.suppress(OSError):  # an error page is warm too; locust counts errors
            urllib.request.urlopen(base + urllib.parse.quote(path, safe="/?=&"), timeout=60).read()  # noqa: S310 (loopback)


def read_stats(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def format_table(rows: list[dict[str, str]], title: str) -> str:
    lines = [
        title,
        f"{'endpoint':<24}{'requests':>9}{'errors':>8}{'req/s':>8}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}",
    ]
    for row in rows:
        name = "TOTAL" if row["Name"] == "Aggregated" else row["Name"]
        lines.append(
            f"{name[:23]:<24}{row['Request Count']:>9}{row['Failure Count']:>8}"
            f"{float(row['Requests/s']):>8.1f}{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
        )
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Load-test gunicorn + Celery on loopback with locust; print per-endpoint latency."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
        parser.add_argument("--compare-workers", type=int, default=None, metavar="N")
        parser.add_argument("--celery-workers", type=int, default=2)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--works", type=int, default=60, help="demo works to seed")
        parser.add_argument("--broker", default="redis://127.0.0.1:6379/14")
        add_database_arguments(parser)

    def handle(self, *args, **options):
        host = require_loopback(options["host"])
        with scratch_database(
            database=options["database"], keep=options["keep"], log=self.stderr.write
        ):
            if options["database"] is None:
                call_command("seed_demo", part="catalog", works=options["works"])
            env = self._environment(options["broker"])
            search = None
            if not os.environ.get("ELASTICSEARCH_URL"):
                search = self._embedded_search(env, host)
            runs = [options["workers"]]
            if options["compare_workers"]:
                runs.append(options["compare_workers"])
            totals = []
            with (
                contextlib.ExitStack() as cleanup,
                tempfile.TemporaryDirectory(prefix="bench-load-") as tmp,
                self._celery(env, options["celery_workers"]),
            ):
                if search is not None:
                    cleanup.callback(_stop, search)
                for workers in runs:
                    rows = self._run(env, host, workers, options, Path(tmp) / f"w{workers}")
                    title = (
                        f"\n{workers} gunicorn worker(s), {options['users']} users, "
                        f"{options['seconds']} s"
                    )
                    self.stdout.write(format_table(rows, title))
                    totals.append(next(r for r in rows if r["Name"] == "Aggregated"))
            if len(totals) == 2:
                a, b = (float(t["Requests/s"]) for t in totals)
                ratio = a / b if b else float("inf")
                self.stdout.write(f"\nscaling {runs[0]} vs {runs[1]} workers: {ratio:.2f}×")

    def _environment(self, broker: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=database_url(),
            CELERY_BROKER_URL=broker,
            DJANGO_SETTINGS_MODULE="marketplace.settings",
            STRIPE_WEBHOOK_SECRET=settings.STRIPE_WEBHOOK_SECRET,
            # One demo buyer signs in for many users: per-user limits would turn into 429s.
            RATE_LIMIT_INQUIRIES="100000/h",
            LOAD_LISTINGS=",".join(
                str(pk) for pk in Listing.objects.values_list("pk", flat=True)[:200]
            ),
            LOAD_BUYERS=",".join(b["key"][:150] for b in demo_content().buyers),
            LOAD_PASSWORD=DEMO_PASSWORD,
            PYTHONPATH=str(settings.BASE_DIR),
        )
        return env

    def _embedded_search(self, env: dict[str, str], host: str) -> subprocess.Popen:
        """osmem-server on a free port with the seeded listings indexed under a run prefix."""
        addr = f"{host}:{_free_port(host)}"
        search = start_search(addr)
        env.update(
            ELASTICSEARCH_URL=f"http://{addr}",
            SEARCH_ENGINE_KIND="embedded",
            SEARCH_INDEX_PREFIX=f"bench-load-{os.getpid()}",
        )
        try:
            subprocess.run(
                [sys.executable, "manage.py", "search_index", "--rebuild"],
                env=env,
                cwd=settings.BASE_DIR,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        except BaseException:
            _stop(search)
            raise
        return search

    @contextlib.contextmanager
    def _celery(self, env: dict[str, str], concurrency: int):
        worker = celery_worker(concurrency=concurrency, env=env)
        try:
            yield worker
        finally:
            _stop(worker)

    def _run(self, env, host, workers, options, prefix: Path) -> list[dict[str, str]]:
        port = _free_port(host)
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-c",
                str(GUNICORN_CONF),
                "--workers",
                str(workers),
                "--bind",
                f"{host}:{port}",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,  # the JSON access log: a line per request
        )
        try:
            _wait_up(f"http://{host}:{port}/healthz/live", server)
            warm_up(f"http://{host}:{port}", env["LOAD_LISTINGS"].split(","))
            subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(LOCUSTFILE),
                    "--headless",
                    "--host",
                    f"http://{host}:{port}",
                    "--users",
                    str(options["users"]),
                    "--spawn-rate",
                    str(max(1, options["users"] // 5)),
                    "--run-time",
                    f"{options['seconds']}s",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env=env,
                cwd=settings.BASE_DIR,
                check=False,
                stdout=subprocess.DEVNULL,
            )
        finally:
            _stop(server)
        return read_stats(Path(f"{prefix}_stats.csv"))
