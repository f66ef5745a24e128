"""The job's progress is visible while the import's transaction is open, and a real worker
runs an upload from the page's enqueue to the results."""

from __future__ import annotations

import csv
import io
import time

import pytest
from django.db import connections, transaction
from django.urls import reverse

from catalog.imports.services import _Progress, catalogue_upload_create
from catalog.models import CatalogueUpload
from catalog.tasks import catalogue_upload_import
from tests.factories.catalog import make_party, make_user
from tests.workers import start_worker


def _template(path, rows: int) -> str:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["reference", "isbn", "original_title", "original_language"])
        for n in range(rows):
            body = f"978604{n:06d}"
            check = (10 - sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(body)) % 10) % 10
            writer.writerow([f"R{n}", f"{body}{check}", f"Tác phẩm {n}", "vi"])
    return str(path)


def _read_progress(upload_id: int) -> int:
    """What a page request sees: a connection of its own, outside the import's transaction."""
    reader = connections.create_connection("default")
    try:
        with reader.cursor() as cursor:
            cursor.execute(
                "SELECT progress FROM catalog_catalogueupload WHERE id = %s", [upload_id]
            )
            return cursor.fetchone()[0]
    finally:
        reader.close()


@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_by_other_connections_while_the_import_transaction_is_open(tmp_path):
    user = make_user()
    party = make_party(member=user)
    upload = catalogue_upload_create(
        party=party,
        user=user,
        path=_template(tmp_path / "c.csv", 1),
        file_name="c.csv",
        mode="quarantine",
    )
    CatalogueUpload.objects.filter(pk=upload.pk).update(status="processing")
    progress = _Progress(upload, total=10)
    try:
        with transaction.atomic():  # as the import's writes are
            for _ in range(10):
                progress("read")
            for _ in range(5):
                progress.last = 0.0  # as if half a second had passed since the last write
                progress("write")
            assert _read_progress(upload.pk) == 75  # (10 read + 5 written) of 2 × 10
    finally:
        progress.close()


@pytest.fixture
def worker(transactional_db):
    proc = start_worker()
    yield proc
    proc.terminate()
    proc.wait(20)


@pytest.mark.slow
@pytest.mark.worker
def test_a_worker_imports_an_upload_and_the_status_endpoint_follows_it(worker, client, tmp_path):
    user = make_user()
    party = make_party(member=user, country="VN")
    client.force_login(user)
    rows = 2000
    upload = catalogue_upload_create(
        party=party,
        user=user,
        path=_template(tmp_path / "big.csv", rows),
        file_name="big.csv",
        mode="all_or_nothing",
    )
    catalogue_upload_import.delay(upload.pk)
    seen = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        data = client.get(reverse("catalogue:status", args=[upload.pk])).json()
        seen.append(data["progress"])
        if data["done"]:
            break
        time.sleep(0.2)
    assert data["status"] == "imported", data
    assert (data["created"], data["refused"], data["progress"]) == (rows, 0, 100)
    assert seen == sorted(seen)  # the bar never goes back
    page = client.get(reverse("catalogue:job", args=[upload.pk]) + "?outcome=created")
    assert page.content.decode().count('data-outcome="created"') == 100  # one page of results
    errors = client.get(reverse("catalogue:errors_csv", args=[upload.pk]))
    text = b"".join(errors.streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [
        ["row", "reference", "title", "field", "value", "reason"]
    ]
