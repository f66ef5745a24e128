"""Invoice numbers: gapless and unique per year under concurrent issuing; a failed issue
gives its number back; the counters start after the numbers issued before them."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from django.utils import timezone

from catalog.kernel.numbering import next_value
from finance.models import Invoice, InvoiceNumberSequence
from tests.factories.catalog import make_party
from tests.finance.conftest import make_invoice


def _sequence(numbers: list[str]) -> list[int]:
    year = timezone.localdate().year
    assert all(re.fullmatch(rf"INV-{year}-\d{{6}}", n) for n in numbers), numbers
    return sorted(int(n.rsplit("-", 1)[1]) for n in numbers)


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_consecutive_numbers():
    payer, payee = make_party(name="Buyer"), make_party(name="Seller")
    start = Invoice.objects.count()
    barrier = threading.Barrier(6)

    def issue(n: int) -> str:
        barrier.wait()
        try:
            if n == 3:  # one issue fails after taking its number: it must give it back
                try:
                    with transaction.atomic():
                        make_invoice(payer=payer, payee=payee)
                        raise RuntimeError("rolled back")
                except RuntimeError:
                    return ""
            return make_invoice(payer=payer, payee=payee).number
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        numbers = [n for n in pool.map(issue, range(6)) if n]
    assert len(numbers) == 5 and len(set(numbers)) == 5
    issued = _sequence(list(Invoice.objects.values_list("number", flat=True)))
    assert len(issued) == start + 5
    assert issued == list(range(issued[0], issued[0] + len(issued)))  # no gap, no duplicate


@pytest.mark.django_db
def test_rolled_back_issue_gives_its_number_back():
    first = make_invoice().number
    with pytest.raises(RuntimeError), transaction.atomic():
        make_invoice()
        raise RuntimeError
    third = make_invoice().number
    assert _sequence([first, third]) == [_sequence([first])[0], _sequence([first])[0] + 1]


@pytest.mark.django_db
def test_counters_start_after_the_numbers_issued_before_them():
    """The migration's seed: a year's counter continues after its highest old number."""
    from importlib import import_module

    seed = import_module(
        "finance.migrations.0008_chargeback_close_refund_requests_invoice_numbers"
    ).SEED_COUNTERS
    invoice = make_invoice()
    Invoice.objects.filter(pk=invoice.pk).update(number="INV-2024-000777")
    InvoiceNumberSequence.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(seed)
    with transaction.atomic():
        assert next_value(InvoiceNumberSequence, 2024) == 778
        assert next_value(InvoiceNumberSequence, 2031) == 1
