"""Two deliveries of a dispute's closing racing each other (threads, real PostgreSQL,
committed transactions) book it once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from finance.ledger.selectors import trial_balance
from finance.models import Chargeback, JournalEntry, StripeEvent
from finance.payments.stripe_api import signed_event
from tests.finance.conftest import make_invoice
from tests.finance.payments.disputes import dispute_of, pay_by_event

pytestmark = pytest.mark.django_db(transaction=True)


class _Capture:
    """The webhook commits for real here: its on-commit callbacks run by themselves."""

    def __call__(self, execute=True):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _post(payload: bytes, signature: str, barrier: threading.Barrier) -> int:
    barrier.wait()
    try:
        return (
            Client()
            .post(
                "/stripe/webhook/",
                data=payload,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=signature,
            )
            .status_code
        )
    finally:
        connection.close()


def race(events: list[tuple[bytes, str]]) -> list[int]:
    barrier = threading.Barrier(len(events))
    with ThreadPoolExecutor(max_workers=len(events)) as pool:
        return list(pool.map(lambda e: _post(*e, barrier), events))


@pytest.mark.parametrize("outcome", ["won", "lost"])
def test_concurrent_closings_book_once(client, celery_eager, outcome):
    invoice = make_invoice(amounts=("150.00",), tax_rate="6")
    intent = pay_by_event(client, _Capture(), invoice)
    opened = signed_event("charge.dispute.created", dispute_of(intent, minor=15900))
    assert race([opened, opened]) == [200, 200]
    closed = dispute_of(intent, minor=15900, status=outcome, fee=1500)
    same_closed = signed_event("charge.dispute.closed", closed, event_id="evt_race_closed")
    events = [same_closed] * 3
    if outcome == "won":
        events += [signed_event("charge.dispute.funds_reinstated", closed)] * 2
    assert set(race(events)) == {200}

    key = "released" if outcome == "won" else "lost"
    assert JournalEntry.objects.filter(idempotency_key__endswith=f":{key}").count() == 1
    assert JournalEntry.objects.filter(idempotency_key__contains=":fee:").count() == 1
    assert Chargeback.objects.get(invoice=invoice).outcome == outcome
    assert StripeEvent.objects.filter(event_id="evt_race_closed").get().deliveries == 3
    assert set(StripeEvent.objects.values_list("state", flat=True)) == {"processed"}
    assert trial_balance() == {"USD": 0}


def test_closing_racing_the_opening_is_parked_then_applied(client, celery_eager):
    """closed and created delivered at the same moment: whichever order PostgreSQL gives
    them, the close ends up applied (parked, then woken by the opening)."""
    invoice = make_invoice(amounts=("150.00",), tax_rate="6")
    intent = pay_by_event(client, _Capture(), invoice)
    opened = signed_event("charge.dispute.created", dispute_of(intent, minor=15900))
    closed = signed_event("charge.dispute.closed", dispute_of(intent, minor=15900, status="lost"))
    assert race([closed, opened, closed, opened]) == [200] * 4
    assert Chargeback.objects.get(invoice=invoice).outcome == "lost"
    assert set(StripeEvent.objects.values_list("state", flat=True)) == {"processed"}
    assert trial_balance() == {"USD": 0}
