"""Reads of payouts: payable balances, minimums, runs, and what a payout settles."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet, Sum

from finance.models import (
    AccountKind,
    Payment,
    PayoutFile,
    PayoutItem,
    PayoutRun,
    PayoutRunStatus,
    PayoutStatus,
    Posting,
    RemittedDocument,
)
from licensing.royalties.selectors import statements_by_ledger_key

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
    return PayoutRun.objects.prefetch_related("payouts__payee", "files").order_by("-created_at")


def payout_file(pk: int) -> PayoutFile | None:
    return PayoutFile.objects.filter(pk=pk).first()


def statement_number(statement) -> str:
    """The statement's reference as the file's ``RfrdDocInf/Nb`` (ISO Max35Text).

    ``RS-<contract>-<period>-<payee id>`` passes 35 characters with a six-digit payee id
    or a tenth amendment; then the payee part goes: the payout's creditor is the payee,
    so contract and period still name exactly one statement.
    """
    if len(statement.reference) <= 35:
        return statement.reference
    return f"{statement.contract.reference}-{statement.period}"


def unsettled_documents(*, payee_id: int, currency: str) -> list[PayoutItem]:
    """Unsaved items for the statements and invoices that credited the payee's payable
    account in ``currency`` and that no payout still alive names (a failed payout's
    money went back to the balance, so its documents are owed again).

    A royalty statement's entry is found by its idempotency key (the royalty close
    posts it), an invoice by the payment that settled it. Other credits (a reversed
    payout, a released dispute reserve) are money back, not a document to name.
    """
    named = PayoutItem.objects.exclude(payout__status=PayoutStatus.FAILED).values("posting_id")
    credits = list(
        Posting.objects.filter(
            account__party_id=payee_id,
            account__kind=AccountKind.PAYABLE,
            currency=currency,
            amount__lt=0,
        )
        .exclude(pk__in=named)
        .select_related("entry")
        .order_by("entry__effective_on", "pk")
    )
    statements = statements_by_ledger_key([c.entry.idempotency_key for c in credits])
    payments = {
        p.entry_id: p
        for p in Payment.objects.filter(entry__in=[c.entry_id for c in credits]).select_related(
            "invoice"
        )
    }
    items = []
    for credit in credits:
        if statement := statements.get(credit.entry.idempotency_key):
            kind, date = RemittedDocument.STATEMENT, statement.period_end
            number = statement_number(statement)
        elif payment := payments.get(credit.entry_id):
            kind, number = RemittedDocument.INVOICE, payment.invoice.number
            date = payment.invoice.created_at.date()
        else:
            continue
        items.append(
            PayoutItem(
                posting=credit,
                document_type=kind,
                number=number,
                document_date=date,
                amount=-credit.amount,
            )
        )
    return items
