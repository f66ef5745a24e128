"""Reads of finance: invoices, statements, balances."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from catalog.kernel.permissions import acting_parties, acting_party_ids, acts_for
from catalog.models import Party
from finance.models import Account, AccountKind, Invoice, PayoutRun, Posting


def invoices_for_subject(subject: str) -> QuerySet[Invoice]:
    return Invoice.objects.filter(subject=subject).order_by("created_at", "pk")


def is_staff(user) -> bool:
    return bool(user.is_authenticated and (user.is_staff or user.has_role("staff")))


# Parties a user acts for come from the kernel: none until their e-mail is verified.


def parties_for_user(user) -> QuerySet[Party]:
    if is_staff(user):
        return Party.objects.order_by("name")
    return acting_parties(user)


def can_see_party(user, party: Party) -> bool:
    return is_staff(user) or acts_for(user, party.pk)


def invoices_for_user(user) -> QuerySet[Invoice]:
    invoices = Invoice.objects.select_related("payer", "payee")
    if is_staff(user):
        return invoices
    mine = acting_party_ids(user)
    return invoices.filter(Q(payer__in=mine) | Q(payee__in=mine))


def can_see_invoice(user, invoice: Invoice) -> bool:
    return is_staff(user) or bool(acting_party_ids(user) & {invoice.payer_id, invoice.payee_id})


def can_pay_invoice(user, invoice: Invoice) -> bool:
    return acts_for(user, invoice.payer_id)


@dataclass
class StatementRow:
    on: dt.date
    memo: str
    reference: str
    amount: Decimal
    balance: Decimal


@dataclass
class AccountStatement:
    account: Account
    rows: list[StatementRow] = field(default_factory=list)

    @property
    def balance(self) -> Decimal:
        return self.rows[-1].balance if self.rows else Decimal(0)


def party_statement(party: Party, *, limit: int = 500) -> list[AccountStatement]:
    """Every account of ``party`` with its postings and running balance, oldest first.

    Balances are shown from the party's side: what the platform owes it
    (payable) or it owes the platform (receivable) as positive amounts.
    """
    statements = []
    for account in Account.objects.filter(party=party).order_by("currency", "kind"):
        sign = Decimal(-1) if account.kind in CREDIT_KINDS else Decimal(1)
        postings = (
            Posting.objects.filter(account=account)
            .select_related("entry")
            .order_by("entry__effective_on", "entry_id", "pk")[:limit]
        )
        statement = AccountStatement(account=account)
        running = Decimal(0)
        for posting in postings:
            amount = posting.amount * sign
            running += amount
            statement.rows.append(
                StatementRow(
                    on=posting.entry.effective_on,
                    memo=posting.entry.memo,
                    reference=posting.entry.reference,
                    amount=amount,
                    balance=running,
                )
            )
        statements.append(statement)
    return statements


CREDIT_KINDS = {
    AccountKind.PAYABLE,
    AccountKind.PAYABLE_PENDING,
    AccountKind.RESERVE,
    AccountKind.REVENUE,
    AccountKind.TAX_WITHHELD,
    AccountKind.FX_GAIN_LOSS,
}


def trial_balance_rows() -> list[dict]:
    return list(
        Posting.objects.values("currency", "account__kind")
        .annotate(
            total=Sum("amount"),
            debit=Sum("amount", filter=Q(amount__gt=0)),
            credit=Sum("amount", filter=Q(amount__lt=0)),
        )
        .order_by("currency", "account__kind")
    )


def payout_runs() -> QuerySet[PayoutRun]:
    return PayoutRun.objects.prefetch_related("payouts__payee").order_by("-created_at")
