"""Fault test (issue 26): SIGKILL the worker's main process during a 20,000-line usage
import; after a new worker starts, the report posts exactly the file's lines with no
manual step (beat's sweep cleans and re-queues it). Prints the time to recovery."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from licensing.royalties.models import ReportStatus, UsageLine, UsageReport
from licensing.royalties.services import usage_report_create
from tests.factories.royalties import RoyaltyDeal, row, write_csv
from tests.workers import BASE_DIR, start_worker

LINES = 20_000


def _wait(predicate, timeout: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.05)
    return None


@pytest.mark.slow
@pytest.mark.worker
def test_worker_killed_mid_import_the_report_still_posts_exactly_its_lines(
    transactional_db, tmp_path
):
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    rows = [row(deal, line_id=f"L{i}", units="2") for i in range(LINES)]
    path = str(write_csv(tmp_path / "usage.csv", rows))
    # Nobody queues it: beat's sweep finds the pending report once the window passed,
    # so every message lives in this test's own broker folder.
    report = usage_report_create(
        contract=contract, period="2027-Q3", path=path, file_name="usage.csv", user=None
    )
    env = {
        "CELERY_QUEUE_DIR": str(tmp_path / "celery"),
        "CELERY_BEAT_LOCK_FILE": str(tmp_path / "beat.lock"),
        "USAGE_IMPORT_STALE_SECONDS": "6",
        "USAGE_IMPORT_SWEEP_SECONDS": "2",
    }
    worker = start_worker(env=env)
    beat_env = dict(os.environ, **env, DATABASE_URL=_db_url())
    beat = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "marketplace",
            "beat",
            "--loglevel",
            "WARNING",
            "--schedule",
            str(tmp_path / "beat-schedule"),
        ],
        cwd=BASE_DIR,
        env=beat_env,
    )
    second = None
    try:

        def reading() -> bool:
            r = UsageReport.objects.get(pk=report.pk)
            return r.status == ReportStatus.PROCESSING and r.progress >= 5

        assert _wait(reading, 180) is not None, "the import never started"
        os.kill(worker.pid, signal.SIGKILL)  # the main process (solo pool: the job too)
        worker.wait(10)
        killed_at = time.monotonic()
        report.refresh_from_db()
        assert report.status == ReportStatus.PROCESSING, "finished before the kill"
        second = start_worker(env=env)  # what the supervisor does
        posted = _wait(
            lambda: UsageReport.objects.get(pk=report.pk).status == ReportStatus.POSTED, 300
        )
        assert posted is not None, UsageReport.objects.get(pk=report.pk).__dict__
        recovery = time.monotonic() - killed_at
    finally:
        for proc in (beat, worker, second):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(20)
    report.refresh_from_db()
    assert UsageLine.objects.filter(report=report).count() == LINES
    assert report.good_rows == LINES and report.attempts == 2
    print(f"time to recovery after SIGKILL of the worker mid-import: {recovery:.1f} s")


def _db_url() -> str:
    from urllib.parse import urlsplit, urlunsplit

    from django.conf import settings
    from django.db import connection

    url = urlsplit(settings.DATABASE_URL)
    return urlunsplit(url._replace(path=f"/{connection.settings_dict['NAME']}"))
