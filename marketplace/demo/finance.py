"""Demo data for finance: monthly FX rates 2025–2026, payee profiles, paid demo invoices.

``seed_finance(progress=None)`` is idempotent: rates are recorded with
``fx_record`` (same day, same rate → the existing row), payments go through
the real webhook path with deterministic Stripe event ids, so a second run
stores and posts nothing new.

The rates are *demo rates*: rounded approximations of 2025 market levels with
a small deterministic monthly drift — not market data, never for real
conversions (load real ones with ``manage.py load_fx_rates``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings

from catalog.kernel.money import to_minor
from finance.fx.services import fx_record
from finance.models import FxRate, Invoice, InvoiceStatus, PayeeProfile
from finance.payments.services import payment_attempt_record
from finance.payments.stripe_api import signed_event
from finance.payments.stripe_events import stripe_event_process, stripe_event_receive

DEMO_SOURCE = "demo rates"
# 1 USD in each currency (rounded 2025 levels; demo only).
USD_RATES = {
    "CNY": "7.20",
    "EUR": "0.92",
    "HKD": "7.80",
    "TWD": "32.0",
    "SGD": "1.34",
    "MYR": "4.45",
    "IDR": "16000",
    "THB": "34.5",
    "VND": "25300",
    "PHP": "57.5",
    "KHR": "4020",
    "LAK": "21800",
    "MMK": "2100",
    "BND": "1.34",
    "JPY": "150",
    "KRW": "1380",
    "GBP": "0.79",
    "AUD": "1.52",
}
# Drift per month in per mille, a fixed pattern so re-seeding gives the same rates.
DRIFT = [0, 4, 7, 5, 1, -3, -6, -4, 0, 3, 6, 2]
IBAN_DEMO = ["GB82WEST12345698765432", "DE89370400440532013000", "NL91ABNA0417164300"]
BIC_DEMO = ["NWBKGB2L", "COBADEFFXXX", "ABNANL2A"]


def demo_months() -> list[dt.date]:
    return [dt.date(year, month, 1) for year in (2025, 2026) for month in range(1, 13)]


def seed_fx_rates(*, progress: Callable[[int], None] | None = None) -> int:
    before = FxRate.objects.count()
    for code in settings.SUPPORTED_CURRENCIES:
        if code == "USD" or code not in USD_RATES:
            continue
        base = Decimal(USD_RATES[code])
        for n, month in enumerate(demo_months()):
            rate = (base * (1 + Decimal(DRIFT[n % 12]) / 1000)).quantize(Decimal("1.000000"))
            fx_record(base="USD", quote=code, as_of=month, rate=rate, source=DEMO_SOURCE)
        if progress:
            progress(1)
    return FxRate.objects.count() - before


def seed_payee_profiles() -> int:
    """Bank and Stripe Connect details (test values) for every demo licensor with invoices."""
    created = 0
    payees = Invoice.objects.values_list("payee_id", flat=True).distinct()
    for n, party_id in enumerate(sorted(set(payees))):
        _, made = PayeeProfile.objects.get_or_create(
            party_id=party_id,
            defaults={
                "stripe_account_id": f"acct_demo{party_id:08d}",
                "iban": IBAN_DEMO[n % len(IBAN_DEMO)],
                "bic": BIC_DEMO[n % len(BIC_DEMO)],
            },
        )
        created += made
    return created


def _demo_pay(invoice: Invoice) -> bool:
    """Pay through the real webhook path with a deterministic event (as Stripe would send)."""
    digest = hashlib.sha256(f"demo:{invoice.idempotency_key}".encode()).hexdigest()[:20]
    amount_minor = to_minor(invoice.amount_due, invoice.currency)
    # As the pay page would have: the webhook applies only intents we made an attempt for.
    payment_attempt_record(
        invoice=invoice, payment_intent_id=f"pi_demo{digest}", amount_minor=amount_minor
    )
    intent = {
        "id": f"pi_demo{digest}",
        "object": "payment_intent",
        "amount": amount_minor,
        "amount_received": amount_minor,
        "currency": invoice.currency.lower(),
        "status": "succeeded",
        "latest_charge": f"ch_demo{digest}",
        "metadata": {"invoice_id": str(invoice.pk), "invoice_number": invoice.number},
    }
    payload, signature = signed_event(
        "payment_intent.succeeded", intent, event_id=f"evt_demo{digest}"
    )
    event = stripe_event_receive(payload=payload, signature=signature)
    return stripe_event_process(event_pk=event.pk) == "processed"


def seed_finance(*, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    counts = {"fx_rates": seed_fx_rates(progress=progress)}
    # Contracts activated by the demo seed issued their signature invoices already
    # (licensing.contracts.billing); pay every second one so both states show.
    open_invoices = list(Invoice.objects.filter(subject__startswith="contract:").order_by("pk"))
    paid = 0
    for n, invoice in enumerate(open_invoices):
        if n % 2 == 0 and invoice.status == InvoiceStatus.OPEN:
            paid += _demo_pay(invoice)
    counts["invoices_paid"] = paid
    counts["payee_profiles"] = seed_payee_profiles()
    return counts
