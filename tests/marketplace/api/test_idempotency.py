"""Idempotency-Key on POST (Stripe's semantics), on real PostgreSQL with threads."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from marketplace.api.models import IdempotencyRecord
from marketplace.listings.models import Inquiry
from tests.marketplace.api.conftest import side
from tests.marketplace.api.test_resources import INQUIRY


def _post(who, url, body, key, client=None):
    return (client or Client()).post(
        url, body, content_type="application/json", **who.headers(HTTP_IDEMPOTENCY_KEY=key)
    )


@pytest.mark.django_db
def test_replay_mismatch_and_scope_per_api_key(world):
    url = f"/api/v1/listings/{world.listing.pk}/inquiries"
    first = _post(world.buyer, url, INQUIRY, "k-1")
    again = _post(world.buyer, url, INQUIRY, "k-1")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content and again["Idempotent-Replayed"] == "true"
    other = _post(world.buyer, url, {**INQUIRY, "message": "Another"}, "k-1")
    assert other.status_code == 409 and other.json()["type"].endswith("idempotency-key-reused")
    # the same key string under another API key is another request
    third = side("TH")
    assert _post(third, url, INQUIRY, "k-1").status_code == 201
    assert Inquiry.objects.count() == 2
    # a refused request is stored too: the replay answers the same 400
    bad = _post(world.buyer, url, {**INQUIRY, "right_types": ["x"]}, "k-2")
    assert (
        bad.status_code == 400
        and _post(world.buyer, url, {**INQUIRY, "right_types": ["x"]}, "k-2").content == bad.content
    )


@pytest.mark.django_db
def test_an_expired_key_runs_again(world):
    url = f"/api/v1/listings/{world.listing.pk}/inquiries"
    assert _post(world.buyer, url, INQUIRY, "k-old").status_code == 201
    assert _post(world.buyer, url, INQUIRY, "k-other").status_code == 201
    IdempotencyRecord.objects.update(created_at="2020-01-01T00:00:00Z")
    assert "Idempotent-Replayed" not in _post(world.buyer, url, INQUIRY, "k-old")
    assert Inquiry.objects.count() == 3
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["k-old"]


def _in_thread(target, results, name):
    def run():
        try:
            results[name] = target()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_concurrent_same_key_one_runs_the_other_gets_409(world):
    url = f"/api/v1/listings/{world.listing.pk}/inquiries"
    locked, release = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def hold_inquiry_table():
        # A real lock: the first request's INSERT into the inquiries waits behind it, so
        # that request is provably still running when the second one arrives.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {Inquiry._meta.db_table} IN EXCLUSIVE MODE")
            locked.set()
            release.wait(30)

    locker = _in_thread(hold_inquiry_table, results, "locker")
    assert locked.wait(30)
    first = _in_thread(lambda: _post(world.buyer, url, INQUIRY, "race"), results, "first")
    deadline = time.monotonic() + 30
    while not IdempotencyRecord.objects.filter(key="race").exists():
        assert time.monotonic() < deadline, "the first request never claimed its key"
        time.sleep(0.05)
    second = _post(world.buyer, url, INQUIRY, "race")
    assert second.status_code == 409
    assert second.json()["type"].endswith("idempotency-in-progress")
    assert second["Retry-After"] == "1"
    release.set()
    first.join(60)
    locker.join(60)
    assert results["first"].status_code == 201
    replay = _post(world.buyer, url, INQUIRY, "race")
    assert replay.content == results["first"].content
    assert Inquiry.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_many_concurrent_same_key_create_one_inquiry(world):
    url = f"/api/v1/listings/{world.listing.pk}/inquiries"
    start = threading.Barrier(6)
    results: dict[str, object] = {}

    def post():
        start.wait(30)
        return _post(world.buyer, url, INQUIRY, "storm")

    threads = [_in_thread(post, results, str(n)) for n in range(6)]
    for thread in threads:
        thread.join(120)
    codes = sorted(r.status_code for r in results.values())
    assert Inquiry.objects.count() == 1
    assert set(codes) <= {201, 409} and 201 in codes
