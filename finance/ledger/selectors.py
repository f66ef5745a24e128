"""Reads of the ledger: balances, statements with running balance, trial balance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from catalog.kernel.permissions import acting_parties, is_staff, staff_or_acts_for
from catalog.models import Party
from finance.models import Account, AccountKind, JournalEntry, Posting

# Parties a user acts for come from the kernel: none until their e-mail is verified.


def parties_for_user(user) -> QuerySet[Party]:
    if is_staff(user):
        return Party.objects.order_by("name")
    return acting_parties(user)


def can_see_party(user, party: Party) -> bool:
    return staff_or_acts_for(user, party.pk)


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


def account_balance(account: Account, *, on: dt.date | None = None) -> Decimal:
    postings = Posting.objects.filter(account=account)
    if on is not None:
        postings = postings.filter(entry__effective_on__lte=on)
    return postings.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def trial_balance() -> dict[str, Decimal]:
    """Sum of every posting per currency — zero in a healthy ledger."""
    rows = Posting.objects.values("currency").annotate(total=Sum("amount")).order_by("currency")
    return {row["currency"]: row["total"] for row in rows}


def journal_entry_for_key(key: str) -> JournalEntry | None:
    """The entry posted under an idempotency key (e.g. a royalty statement's), if any."""
    return JournalEntry.objects.filter(idempotency_key=key).first()


def posted_keys(keys: Iterable[str]) -> set[str]:
    """The idempotency keys among ``keys`` that already have an entry."""
    return set(
        JournalEntry.objects.filter(idempotency_key__in=list(keys)).values_list(
            "idempotency_key", flat=True
        )
    )
