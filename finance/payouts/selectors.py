"""Reads of payouts: payable balances, minimums, runs."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet, Sum

from finance.models import AccountKind, PayoutRun, PayoutRunStatus, Posting

# Smallest payout per currency (in major units); others use "default". A transfer
# below this costs more in fees than it is worth; the balance waits for the next run.
DEFAULT_MINIMUMS = {
    "default": "10",
    "JPY": "1500",
    "KRW": "13000",
    "VND": "250000",
    "IDR": "150000",
    "KHR": "40000",
    "LAK": "200000",
    "MMK": "20000",
    "TWD": "300",
    "THB": "350",
    "PHP": "550",
    "CNY": "70",
    "HKD": "80",
}


def payout_minimum(currency: str) -> Decimal:
    minimums = DEFAULT_MINIMUMS | getattr(settings, "PAYOUT_MINIMUMS", {})
    return Decimal(str(minimums.get(currency, minimums["default"])))


def payable_balances(*, currency: str = "") -> list[tuple[int, str, Decimal]]:
    """(payee id, currency, amount owed) for every payee whose payable is in credit."""
    rows = Posting.objects.filter(account__kind=AccountKind.PAYABLE, account__party__isnull=False)
    if currency:
        rows = rows.filter(currency=currency)
    totals = (
        rows.values("account__party_id", "currency")
        .annotate(total=Sum("amount"))
        .filter(total__lt=0)
        .order_by("account__party_id", "currency")
    )
    return [(r["account__party_id"], r["currency"], -r["total"]) for r in totals]


def unfinished_runs() -> list[PayoutRun]:
    return list(PayoutRun.objects.filter(status=PayoutRunStatus.RUNNING).order_by("pk"))


def payout_runs() -> QuerySet[PayoutRun]:
    return PayoutRun.objects.prefetch_related("payouts__payee").order_by("-created_at")
