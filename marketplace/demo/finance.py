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
from catalog.models import Party
from finance.fx.services import fx_record
from finance.models import FxRate, Invoice, InvoiceStatus, PayeeProfile, PayoutProvider
from finance.payees.schemes import normalised
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
# Test accounts in each country's scheme: banks' real BICs and clearing codes (ICBC's
# CNAPS code, DBS's SGIBG bank and branch, Bangkok Bank's code), made-up account numbers.
DEMO_ACCOUNTS = {
    "CN": {
        "bank_country": "CN",
        "currency": "CNY",
        "account_number": "6222021001122334455",
        "bic": "ICBKCNBJ",
        "bank_code": "102100099996",
    },
    "VN": {
        "bank_country": "VN",
        "currency": "VND",
        "account_number": "0071001234567",
        "bic": "BFTVVNVX",
    },
    "TH": {
        "bank_country": "TH",
        "currency": "THB",
        "account_number": "1234567890",
        "bic": "BKKBTHBK",
        "bank_code": "002",
    },
    "MY": {
        "bank_country": "MY",
        "currency": "MYR",
        "account_number": "514123456789",
        "bic": "MBBEMYKL",
    },
    "ID": {
        "bank_country": "ID",
        "currency": "IDR",
        "account_number": "1234567890",
        "bic": "CENAIDJA",
    },
    "PH": {
        "bank_country": "PH",
        "currency": "PHP",
        "account_number": "001234567890",
        "bic": "BNORPHMM",
    },
    "KH": {
        "bank_country": "KH",
        "currency": "USD",
        "account_number": "000123456",
        "bic": "ABAAKHPP",
    },
    "MM": {
        "bank_country": "MM",
        "currency": "MMK",
        "account_number": "02730102345678901",
        "bic": "KBZBMMMY",
    },
    "LA": {
        "bank_country": "LA",
        "currency": "LAK",
        "account_number": "010120001234567001",
        "bic": "COEBLALA",
    },
    "SG": {
        "bank_country": "SG",
        "currency": "SGD",
        "account_number": "0123456789",
        "bic": "DBSSSGSG",
        "bank_code": "7171",
        "branch_code": "081",
    },
}
IBAN_DEMO = [
    {"bank_country": "GB", "currency": "GBP", "iban": "GB82WEST12345698765432", "bic": "NWBKGB2L"},
    {"bank_country": "DE", "currency": "EUR", "iban": "DE89370400440532013000"},
    {"bank_country": "NL", "currency": "EUR", "iban": "NL91ABNA0417164300", "bic": "ABNANL2A"},
]
# Long before any demo payout run: the demo's bank details are past their cooling-off.
DEMO_USABLE_FROM = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def demo_months() -> list[dt.date]:
    # From 2023: the long royalty histories (history.py) are converted at their periods' ends.
    return [dt.date(year, month, 1) for year in range(2023, 2027) for month in range(1, 13)]


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
    """Payout details (test values) for every demo licensor with invoices: a bank account
    in the scheme of the licensor's country, usable now (its cooling-off long past); every
    third licensor is paid through a Stripe connected account instead, onboarded and able
    to receive payouts."""
    created = 0
    payees = Party.objects.filter(
        pk__in=Invoice.objects.values_list("payee_id", flat=True)
    ).order_by("pk")
    for n, party in enumerate(payees):
        account = DEMO_ACCOUNTS.get(party.country) or IBAN_DEMO[n % len(IBAN_DEMO)]
        fields = normalised(account_holder=party.name[:140], **account)
        method = PayoutProvider.STRIPE if n % 3 == 2 else PayoutProvider.PAIN001
        _, made = PayeeProfile.objects.update_or_create(
            party=party,
            defaults={
                **fields,
                "method": method,
                "stripe_account_id": f"acct_demo{party.pk:08d}",
                # As Stripe reports a verified recipient account (transfers only: no
                # charges); localstripe has no Connect, so the demo states it here.
                "payouts_enabled": True,
                "details_submitted": True,
                "requirements_due": [],
                "stripe_synced_at": DEMO_USABLE_FROM,
                "bank_details_usable_from": DEMO_USABLE_FROM,
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
