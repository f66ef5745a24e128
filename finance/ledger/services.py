"""Writes of the double-entry ledger: accounts and journal entries.

``journal_post`` is the only way money moves. It is idempotent by key: a
retried webhook, a replayed task or a second click posts nothing new and
returns the entry already there — also when two transactions race, because
the key is UNIQUE and the loser reads the winner's row. A key replayed with
other postings (other accounts or amounts) is refused, as Stripe refuses an
idempotency key reused with other parameters: that is a bug, not a retry.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.money import round_money, validate_currency
from catalog.models import Party
from finance.models import Account, AccountKind, JournalEntry, Posting

Line = tuple[Account, Decimal]


class IdempotencyConflict(ValidationError):
    """An idempotency key that was already posted with other postings."""


def account_for(*, party: Party | None, kind: str, currency: str) -> Account:
    return _get_or_create_account(party.pk if party else None, kind, currency)


def _get_or_create_account(party_id: int | None, kind: str, currency: str) -> Account:
    if kind not in AccountKind.values:
        raise ValidationError({"kind": _("“%(kind)s” is not an account kind") % {"kind": kind}})
    currency = validate_currency(currency)
    account, _created = Account.objects.get_or_create(
        party_id=party_id, kind=kind, currency=currency
    )
    return account


def accounts_for(*, specs: Sequence[tuple[Party | None, str, str]]) -> list[Account]:
    """``account_for`` for several (party, kind, currency) at once: one query when they exist."""
    keys = [(party.pk if party else None, kind, currency) for party, kind, currency in specs]
    found = accounts_by_key(keys=keys)
    return [found[key] for key in keys]


def accounts_by_key(*, keys: Iterable[tuple[int | None, str, str]]) -> dict[tuple, Account]:
    """(party id, kind, currency) → account, created where missing; one query when all exist."""
    keys = list(keys)
    wanted = {(party_id, kind, currency.upper()) for party_id, kind, currency in keys}
    if not wanted:
        return {}
    party_ids = {party_id for party_id, _, _ in wanted}
    # A superset by column, narrowed in Python: an OR of thousands of triples plans badly.
    query = Q(party_id__in=[p for p in party_ids if p is not None])
    if None in party_ids:
        query |= Q(party__isnull=True)
    candidates = Account.objects.filter(
        query,
        kind__in={kind for _, kind, _ in wanted},
        currency__in={currency for _, _, currency in wanted},
    )
    found = {(a.party_id, a.kind, a.currency): a for a in candidates}
    for party_id, kind, currency in wanted - set(found):
        found[(party_id, kind, currency)] = _get_or_create_account(party_id, kind, currency)
    return {key: found[(key[0], key[1], key[2].upper())] for key in keys}


def _check_lines(lines: Sequence[Line]) -> list[Line]:
    if len(lines) < 2:
        raise ValidationError({"lines": _("a journal entry needs at least two postings")})
    checked: list[Line] = []
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for account, amount in lines:
        amount = Decimal(amount)
        if amount == 0:
            raise ValidationError(
                {"lines": _("zero posting to %(account)s") % {"account": account}}
            )
        if round_money(amount, account.currency) != amount:
            raise ValidationError(
                {
                    "lines": _("%(amount)s has more decimals than %(currency)s allows")
                    % {"amount": amount, "currency": account.currency}
                }
            )
        totals[account.currency] += amount
        checked.append((account, amount))
    unbalanced = {cur: total for cur, total in totals.items() if total != 0}
    if unbalanced:
        detail = ", ".join(f"{cur} {total:+}" for cur, total in sorted(unbalanced.items()))
        raise ValidationError(
            {"lines": _("postings do not balance per currency (%(detail)s)") % {"detail": detail}}
        )
    return checked


def _posting_counts(lines: Sequence[Line]) -> Counter:
    return Counter((account.pk, amount) for account, amount in lines)


def _refuse_different_replays(replayed: dict[str, Sequence[Line]]) -> None:
    """Keys already posted must have been posted with these very postings."""
    if not replayed:
        return
    posted: dict[str, Counter] = defaultdict(Counter)
    for key, account_id, amount in Posting.objects.filter(
        entry__idempotency_key__in=list(replayed)
    ).values_list("entry__idempotency_key", "account_id", "amount"):
        posted[key][(account_id, amount)] += 1
    for key, lines in replayed.items():
        if posted[key] != _posting_counts(lines):
            raise IdempotencyConflict(
                {
                    "idempotency_key": _("“%(key)s” was already posted with other postings")
                    % {"key": key}
                }
            )


def _check_balance_now() -> None:
    """Run the deferred balance triggers now rather than at the outer commit, so the
    caller sees the error where it happened; then defer them again."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS journalentry_balanced, posting_balanced IMMEDIATE")
        cursor.execute("SET CONSTRAINTS journalentry_balanced, posting_balanced DEFERRED")


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
        _refuse_different_replays({idempotency_key: checked})
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
            _check_balance_now()
    except IntegrityError:
        # Lost a race on the idempotency key: the winner's entry is the entry.
        winner = JournalEntry.objects.filter(idempotency_key=idempotency_key).first()
        if winner is None:
            raise
        _refuse_different_replays({idempotency_key: checked})
        return winner
    return entry


@dataclass(frozen=True)
class EntrySpec:
    """One journal entry for ``journal_post_many``."""

    memo: str
    lines: Sequence[Line]
    idempotency_key: str
    reference: str = ""
    effective_on: dt.date | None = None


_INSERT_ENTRIES = """
INSERT INTO finance_journalentry (idempotency_key, memo, reference, effective_on, created_at)
SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::date[], %s::timestamptz[])
    AS u (k, m, r, e, c)
 ORDER BY k
ON CONFLICT (idempotency_key) DO NOTHING
RETURNING id, idempotency_key
"""


def journal_post_many(*, specs: Sequence[EntrySpec]) -> int:
    """Post many entries in two statements; idempotent per key, like ``journal_post``.

    Every entry is checked before anything is written, so one unbalanced
    entry posts nothing. Keys already posted (by an earlier run or by a
    transaction racing this one: ON CONFLICT waits for it, then skips)
    are left alone if their postings are the same, and refused (nothing of the
    batch is posted) if not. Keys are inserted in sorted order, so two overlapping
    batches wait for each other instead of deadlocking. Returns the number
    of entries this call posted.
    """
    checked: dict[str, tuple[EntrySpec, list[Line]]] = {}
    for spec in specs:
        lines = _check_lines(spec.lines)
        first = checked.setdefault(spec.idempotency_key, (spec, lines))
        if _posting_counts(first[1]) != _posting_counts(lines):
            raise IdempotencyConflict(
                {
                    "idempotency_key": _("“%(idempotency_key)s” twice with other postings")
                    % {"idempotency_key": spec.idempotency_key}
                }
            )
    if not checked:
        return 0
    now, today = timezone.now(), timezone.localdate()
    values = list(checked.values())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            _INSERT_ENTRIES,
            [
                [spec.idempotency_key for spec, _ in values],
                [spec.memo for spec, _ in values],
                [spec.reference for spec, _ in values],
                [spec.effective_on or today for spec, _ in values],
                [now] * len(values),
            ],
        )
        created = {key: pk for pk, key in cursor.fetchall()}
        _refuse_different_replays(
            {
                spec.idempotency_key: lines
                for spec, lines in values
                if spec.idempotency_key not in created
            }
        )
        postings = [
            (created[spec.idempotency_key], account.pk, amount, account.currency)
            for spec, lines in values
            if spec.idempotency_key in created
            for account, amount in lines
        ]
        with cursor.cursor.copy(
            "COPY finance_posting (entry_id, account_id, amount, currency) FROM STDIN"
        ) as copy:
            for row in postings:
                copy.write_row(row)
        _check_balance_now()
    return len(created)


def journal_reverse(*, entry: JournalEntry, memo: str, idempotency_key: str) -> JournalEntry:
    lines = [(p.account, -p.amount) for p in entry.postings.select_related("account")]
    return journal_post(
        memo=memo,
        lines=lines,
        idempotency_key=idempotency_key,
        reference=entry.reference,
        reverses=entry,
    )
