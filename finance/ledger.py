"""Writes and reads of the double-entry ledger.

``journal_post`` is the only way money moves. It is idempotent by key: a
retried webhook, a replayed task or a second click posts nothing new and
returns the entry already there — also when two transactions race, because
the key is UNIQUE and the loser reads the winner's row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from catalog.models import Party
from finance.currency import round_money, validate_currency
from finance.models import Account, AccountKind, JournalEntry, Posting

Line = tuple[Account, Decimal]


def account_for(*, party: Party | None, kind: str, currency: str) -> Account:
    if kind not in AccountKind.values:
        raise ValidationError({"kind": f"“{kind}” is not an account kind"})
    currency = validate_currency(currency)
    account, _ = Account.objects.get_or_create(party=party, kind=kind, currency=currency)
    return account


def accounts_for(specs: Sequence[tuple[Party | None, str, str]]) -> list[Account]:
    """``account_for`` for several (party, kind, currency) at once: one query when they exist."""
    wanted = [
        (party.pk if party else None, kind, currency.upper()) for party, kind, currency in specs
    ]
    query = Q(pk__in=[])
    for party_id, kind, currency in wanted:
        query |= Q(party_id=party_id, kind=kind, currency=currency)
    found = {(a.party_id, a.kind, a.currency): a for a in Account.objects.filter(query)}
    return [
        found.get(key) or account_for(party=party, kind=kind, currency=currency)
        for key, (party, kind, currency) in zip(wanted, specs, strict=True)
    ]


def _check_lines(lines: Sequence[Line]) -> list[Line]:
    if len(lines) < 2:
        raise ValidationError({"lines": "a journal entry needs at least two postings"})
    checked: list[Line] = []
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for account, amount in lines:
        amount = Decimal(amount)
        if amount == 0:
            raise ValidationError({"lines": f"zero posting to {account}"})
        if round_money(amount, account.currency) != amount:
            raise ValidationError(
                {"lines": f"{amount} has more decimals than {account.currency} allows"}
            )
        totals[account.currency] += amount
        checked.append((account, amount))
    unbalanced = {cur: total for cur, total in totals.items() if total != 0}
    if unbalanced:
        detail = ", ".join(f"{cur} {total:+}" for cur, total in sorted(unbalanced.items()))
        raise ValidationError({"lines": f"postings do not balance per currency ({detail})"})
    return checked


def journal_post(
    *,
    memo: str,
    lines: Sequence[Line],
    idempotency_key: str,
    reference: str = "",
    effective_on: dt.date | None = None,
    reverses: JournalEntry | None = None,
) -> JournalEntry:
    checked = _check_lines(lines)
    existing = JournalEntry.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            entry = JournalEntry.objects.create(
                idempotency_key=idempotency_key,
                memo=memo,
                reference=reference,
                effective_on=effective_on or timezone.localdate(),
                reverses=reverses,
            )
            Posting.objects.bulk_create(
                Posting(entry=entry, account=account, amount=amount, currency=account.currency)
                for account, amount in checked
            )
            # Check the balance now rather than at the outer commit, so the
            # caller sees the error where it happened; then defer again.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS journalentry_balanced, posting_balanced IMMEDIATE")
                cursor.execute("SET CONSTRAINTS journalentry_balanced, posting_balanced DEFERRED")
    except IntegrityError:
        # Lost a race on the idempotency key: the winner's entry is the entry.
        winner = JournalEntry.objects.filter(idempotency_key=idempotency_key).first()
        if winner is None:
            raise
        return winner
    return entry


def journal_reverse(*, entry: JournalEntry, memo: str, idempotency_key: str) -> JournalEntry:
    lines = [(p.account, -p.amount) for p in entry.postings.select_related("account")]
    return journal_post(
        memo=memo,
        lines=lines,
        idempotency_key=idempotency_key,
        reference=entry.reference,
        reverses=entry,
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
