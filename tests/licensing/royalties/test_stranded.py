"""Stranded usage imports (issue 26): cleaned, re-queued, failed after N runs, retried."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from licensing.royalties import ingest
from licensing.royalties.models import ReportStatus, UsageLine, UsageReport
from licensing.royalties.services import (
    statements_close_for_licensee,
    usage_report_create,
    usage_report_process,
)
from licensing.royalties.stranded import (
    ClaimLost,
    claim_report,
    job_alive,
    requeue_stranded,
    usage_report_retry,
)
from tests.factories.royalties import RoyaltyDeal, row, write_csv

pytestmark = pytest.mark.django_db
_files = itertools.count(1)


def usage_file(tmp_path, deal, lines: int):
    n = next(_files)
    rows = [row(deal, title=f"file {n}", line_id=f"L{i}", units="3") for i in range(lines)]
    return str(write_csv(tmp_path / f"usage-{n}.csv", rows))


def new_report(tmp_path, deal, contract, lines=40, period="2027-Q3"):
    path = usage_file(tmp_path, deal, lines)
    report = usage_report_create(
        contract=contract, period=period, path=path, file_name="usage.csv", user=None
    )
    return report, path


def staged(report) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM royalties_staging WHERE report_id = %s", [report.pk])
        return cursor.fetchone()[0]


def dead_run(report, path, *, minutes_ago=10, attempts=1):
    """What a worker killed mid-import leaves: lines and staging written, heartbeat stopped."""
    assert claim_report(report.pk)
    ingest.stream_to_staging(report=report, path=path, default_currency="USD")
    UsageReport.objects.filter(pk=report.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(minutes=minutes_ago), attempts=attempts
    )


@pytest.fixture
def deal(settings):
    settings.USAGE_IMPORT_STALE_SECONDS = 300
    settings.USAGE_IMPORT_MAX_ATTEMPTS = 3
    deal = RoyaltyDeal()
    return deal, deal.royalty_contract()


def test_a_stranded_report_is_cleaned_requeued_and_then_posts_exactly_its_lines(
    tmp_path, deal, django_capture_on_commit_callbacks
):
    deal, contract = deal
    report, path = new_report(tmp_path, deal, contract)
    dead_run(report, path)
    assert UsageLine.objects.filter(report=report).exists() or staged(report)

    with django_capture_on_commit_callbacks() as queued:
        assert requeue_stranded() == {"requeued": [report.pk], "failed": []}
    assert len(queued) == 1  # usage_report_import.delay(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.PENDING and report.attempts == 1
    assert not UsageLine.objects.filter(report=report).exists() and staged(report) == 0
    assert requeue_stranded() == {"requeued": [], "failed": []}  # idempotent within the window

    report = usage_report_process(report=report, path=path)
    assert report.status == ReportStatus.POSTED, report.error
    assert UsageLine.objects.filter(report=report).count() == 40
    report.refresh_from_db()
    assert report.attempts == 2 and report.heartbeat_at is not None


def test_a_live_run_is_left_alone_and_a_second_run_does_not_start(tmp_path, deal):
    deal, contract = deal
    report, path = new_report(tmp_path, deal, contract)
    assert claim_report(report.pk)  # a run is going: heartbeat now
    assert requeue_stranded() == {"requeued": [], "failed": []}
    again = usage_report_process(report=report, path=path)  # a re-delivered message
    assert again.status == ReportStatus.PROCESSING and again.attempts == 1
    assert not UsageLine.objects.filter(report=report).exists()


def test_a_run_whose_report_was_requeued_stops_writing(tmp_path, deal):
    deal, contract = deal
    report, path = new_report(tmp_path, deal, contract)
    dead_run(report, path)
    requeue_stranded()
    with pytest.raises(ClaimLost):
        job_alive(report.pk, progress=50)


def test_after_the_last_attempt_it_fails_blocks_nothing_and_can_be_retried(
    tmp_path, deal, django_capture_on_commit_callbacks
):
    deal, contract = deal
    report, path = new_report(tmp_path, deal, contract)
    dead_run(report, path, attempts=3)
    assert requeue_stranded() == {"requeued": [], "failed": [report.pk]}
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "3" in report.error
    assert not UsageLine.objects.filter(report=report).exists() and staged(report) == 0

    with django_capture_on_commit_callbacks() as queued:
        retried = usage_report_retry(report=report, user=deal.buyer)
    assert retried.status == ReportStatus.PENDING and retried.attempts == 0 and len(queued) == 1
    with pytest.raises(ValidationError):
        usage_report_retry(report=retried, user=deal.buyer)  # only a failed one
    with pytest.raises(PermissionDenied):
        usage_report_retry(report=retried, user=deal.seller)  # the licensor


def test_a_failed_report_does_not_block_uploading_the_file_again(tmp_path, deal):
    deal, contract = deal
    report, path = new_report(tmp_path, deal, contract)
    dead_run(report, path, attempts=3)
    requeue_stranded()
    again = usage_report_create(
        contract=contract, period="2027-Q3", path=path, file_name="usage.csv", user=None
    )
    assert usage_report_process(report=again, path=path).status == ReportStatus.POSTED
    report.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        usage_report_retry(report=report, user=deal.buyer)  # the new upload took its place
    assert "status" in refused.value.message_dict


def test_the_licensee_sees_the_failure_and_a_retry_button(tmp_path, deal, client):
    deal, contract = deal
    report, path = new_report(tmp_path, deal, contract)
    dead_run(report, path, attempts=3)
    requeue_stranded()
    page = reverse("royalties:report", args=[report.pk])
    client.force_login(deal.buyer)
    html = client.get(page).content.decode()
    assert 'data-testid="retry-import"' in html
    status = client.get(reverse("royalties:report_status", args=[report.pk])).json()
    assert status["status"] == "failed" and status["done"]
    response = client.post(reverse("royalties:report_retry", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.PENDING
    client.force_login(deal.seller)  # the licensor sees the report, not the button
    assert 'data-testid="retry-import"' not in client.get(page).content.decode()
    assert client.post(reverse("royalties:report_retry", args=[report.pk])).status_code == 403


def test_a_stranded_report_blocks_the_close_only_until_it_fails(tmp_path, deal):
    deal, contract = deal
    report, path = new_report(tmp_path, deal, contract)
    dead_run(report, path, attempts=3)
    with pytest.raises(ValidationError):  # still "importing": the close would miss its usage
        statements_close_for_licensee(licensee=deal.licensee, period="2027-Q3")
    requeue_stranded()
    statements_close_for_licensee(licensee=deal.licensee, period="2027-Q3")  # not refused
