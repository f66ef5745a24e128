"""Payout runs: pay payees their settled payable balances, exactly once, resumably.

A run (``payout_run_start``) locks out other runs (advisory lock), groups
payable balances by payee and currency, and for each one above the minimum
creates a ``Payout`` row *and* its ledger entry (Dr payable / Cr cash or bank)
in the same transaction — so the money is reserved before any provider is
called, and a second run cannot see it again.

``payout_run_execute`` then calls the provider for each *pending* payout with
the payout id as idempotency key, and records the result in its own small
transaction. A crash between the provider call and that commit leaves the
payout pending; resuming calls the provider again with the same key, and the
provider answers with the transfer it already made (Stripe idempotency keys;
the pain.001 files are built from the rows when the run closes, EndToEndId =
payout id) — never a second payment. A provider refusal marks the payout failed
and reverses its entry, returning the money to the payee's payable balance.

Each payout also records the statements and invoices it settles (``PayoutItem``):
the credits to the payee's payable account that no live payout names yet. The
bank file names them in its structured remittance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.money import round_money, validate_currency
from finance.ledger import postings
from finance.ledger.services import journal_post, journal_reverse
from finance.models import (
    PayeeProfile,
    Payout,
    PayoutFile,
    PayoutItem,
    PayoutProvider,
    PayoutRun,
    PayoutRunStatus,
    PayoutStatus,
)
from finance.payees.selectors import payout_hold
from finance.payouts.providers import ProviderRefused, provider_for
from finance.payouts.selectors import payable_balances, payout_minimum, unsettled_documents


def _eligible(provider: str, profile: PayeeProfile | None) -> bool:
    """Paid by this run: the payee chose this method, its account passes its country's
    scheme, and new bank details are past their cooling-off period. Anyone else's money
    stays payable for a later run; the payouts page and the payee page say why."""
    return not payout_hold(profile, provider=provider)


def payout_run_start(*, provider: str, currency: str = "") -> PayoutRun:
    if provider not in PayoutProvider.values:
        raise ValidationError(
            {"provider": _("“%(name)s” is not a payout provider") % {"name": provider}}
        )
    currency = validate_currency(currency) if currency else ""
    with transaction.atomic():
        with connection.cursor() as cursor:  # one run is created at a time
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('finance.payout_run'))")
        run = PayoutRun.objects.create(provider=provider, currency=currency)
        profiles = {p.party_id: p for p in PayeeProfile.objects.all()}
        for payee_id, cur, owed in payable_balances(currency=currency):
            amount = round_money(owed, cur)
            if amount < payout_minimum(cur) or not _eligible(provider, profiles.get(payee_id)):
                continue
            profile = profiles[payee_id]
            entry = journal_post(
                memo=f"Payout run {run.pk}: {amount} {cur} to {profile.party}",
                lines=postings.payout_lines(
                    payee=profile.party, currency=cur, amount=amount, provider=provider
                ),
                idempotency_key=f"payout:{run.pk}:{payee_id}:{cur}",
                reference=f"PAYOUT-RUN-{run.pk}",
            )
            payout = Payout.objects.create(
                run=run, payee_id=payee_id, currency=cur, amount=amount, entry=entry
            )
            items = unsettled_documents(payee_id=payee_id, currency=cur)
            for item in items:
                item.payout = payout
            PayoutItem.objects.bulk_create(items)
    return run


def _record(payout_pk: int, *, status: str, ref: str = "", error: str = "") -> None:
    with transaction.atomic():
        payout = Payout.objects.select_for_update().get(pk=payout_pk)
        if payout.status != PayoutStatus.PENDING:
            return
        payout.status, payout.provider_ref, payout.error = status, ref, error[:500]
        payout.save(update_fields=["status", "provider_ref", "error", "updated_at"])
        if status == PayoutStatus.FAILED:
            journal_reverse(
                entry=payout.entry,
                memo=f"Payout {payout.pk} failed: {error[:200]}",
                idempotency_key=f"payout:{payout.pk}:failed",
            )


def payout_run_execute(
    *, run: PayoutRun, progress: Callable[[Payout], None] | None = None
) -> PayoutRun:
    """Submit every pending payout of ``run``; call again after a crash to resume."""
    provider = provider_for(run.provider)
    for payout in run.payouts.filter(status=PayoutStatus.PENDING).select_related("payee"):
        try:
            ref, status = provider.submit(payout)
        except ProviderRefused as exc:
            _record(payout.pk, status=PayoutStatus.FAILED, error=str(exc))
        else:
            _record(payout.pk, status=status, ref=ref)
        if progress is not None:
            progress(payout)
    with transaction.atomic():
        run = PayoutRun.objects.select_for_update().get(pk=run.pk)
        if run.status == PayoutRunStatus.DONE:
            return run  # closed by an earlier call: its files exist
        # Built and validated before anything is stored: an invalid file raises here and
        # the run stays open, its payouts submitted, until the cause is fixed.
        for draft in provider.close(run):
            PayoutFile.objects.create(run=run, **asdict(draft))
        run.status, run.finished_at = PayoutRunStatus.DONE, timezone.now()
        run.save(update_fields=["status", "finished_at"])
    return run


def payout_mark_paid(*, payout: Payout) -> Payout:
    """A bank confirmed a pain.001 transfer (statement / pain.002)."""
    with transaction.atomic():
        payout = Payout.objects.select_for_update().get(pk=payout.pk)
        if payout.status == PayoutStatus.SUBMITTED:
            payout.status = PayoutStatus.PAID
            payout.save(update_fields=["status", "updated_at"])
    return payout
