"""Chart of accounts and the journal entry of every money event.

Accounts are (party, kind, currency); ``party = None`` is the platform.
Debit > 0, credit < 0; every entry balances per currency (the database
checks it). G = invoice gross (``amount_due``), N = net of tax, T = tax,
C = platform commission = round(N × PLATFORM_COMMISSION_PERCENT / 100),
P = payee share = N − C.

=====================  =========  ==========================================
account (kind)         owner      means
=====================  =========  ==========================================
receivable             payer      the payer owes this invoice (asset)
payable_pending        payee      earned on an unpaid invoice: not payable out
payable                payee      the platform owes the payee, can be paid out
revenue                platform   commission earned
tax_withheld           platform   tax charged on invoices, owed to tax offices
cash_in_transit        platform   money held at Stripe (charges − refunds …)
bank                   platform   the platform's bank account (pain.001 payouts)
reserve                platform   money Stripe took back for an open dispute
reserve                payee      payee share frozen while a dispute is open
processing_fees        platform   Stripe's fees (an expense)
fx_gain_loss           platform   currency trading account: one per currency,
                                  so an FX conversion balances in each currency
=====================  =========  ==========================================

Entries (idempotency keys in brackets):

* issue [invoice:<id>:issue]: Dr receivable(payer) G / Cr payable_pending(payee) P
  / Cr revenue C / Cr tax_withheld T.
* payment succeeded [stripe:<pi>:succeeded]: Dr cash_in_transit G / Cr receivable(payer) G;
  Dr payable_pending(payee) P / Cr payable(payee) P — the seller's receivable is settled.
* refund R (full or partial) [stripe:<re>:refund]: Cr cash_in_transit R; Dr payable(payee),
  revenue and tax_withheld in proportion R / G. The split is computed on the cumulative
  refunded amount, so several partial refunds add up to the exact full reversal, with no
  rounding drift. A refund after a payout leaves the payee's payable negative: it is
  recouped from the next payout.
* dispute D [stripe:<dp>:dispute]: Dr reserve(platform) D / Cr cash_in_transit D (Stripe
  debits the disputed amount) and Dr payable(payee) S / Cr reserve(payee) S with S = P × D / G
  (the payee's share is frozen, not paid out, until the dispute closes).
* dispute closed, won, or its funds reinstated [stripe:<dp>:released]: the reversal of the
  dispute entry (cash back from the reserve, the payee's frozen share payable again). Both
  ``charge.dispute.closed`` (won) and ``charge.dispute.funds_reinstated`` post it; the key
  makes the second a no-op.
* dispute closed, lost [stripe:<dp>:lost]: Stripe keeps D, so it is booked like a refund
  of D: Cr reserve(platform) D; Dr reserve(payee) S (the frozen share is forfeited — the
  payee's payable was already reduced by S when the dispute opened, so after a payout it
  stays negative and is recovered from the next one); Dr tax_withheld t = T × D / G;
  Dr revenue D − S − t (the platform's commission part).
* dispute fee F [stripe:<dp>:fee:<currency>]: Dr processing_fees F / Cr cash_in_transit F, in the
  balance transactions' currency, booked when the dispute closes (net of any fee Stripe
  returned).
* Stripe fee F [stripe:<txn>:fee]: Dr processing_fees F / Cr cash_in_transit F.
* FX conversion of A in X to B in Y [caller's key]: Cr cash_in_transit(X) A /
  Dr fx_gain_loss(X) A; Dr cash_in_transit(Y) B / Cr fx_gain_loss(Y) B; the memo names
  rate, source and date.
* payout X to a payee [payout:<id>]: Dr payable(payee) X / Cr cash_in_transit (Stripe
  Connect) or Cr bank (pain.001). A failed payout is reversed [payout:<id>:failed].
* void of an unpaid invoice [invoice:<id>:void]: reversal of the issue entry.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalog.kernel.money import Money, round_money
from catalog.models import Party
from finance.fx.selectors import fx_convert
from finance.ledger.services import Line, account_for, accounts_for, journal_post
from finance.models import AccountKind, Invoice, JournalEntry

K = AccountKind


def _nonzero(lines: list[Line]) -> list[Line]:
    return [(account, amount) for account, amount in lines if amount != 0]


def _lines(specs: list[tuple[Party | None, str, str, Decimal]]) -> list[Line]:
    """(party, kind, currency, amount) → ledger lines, accounts fetched in one query."""
    accounts = accounts_for(specs=[(party, kind, cur) for party, kind, cur, _ in specs])
    return _nonzero([(acc, amount) for acc, (*_, amount) in zip(accounts, specs, strict=True)])


def issue_lines(invoice: Invoice) -> list[Line]:
    cur = invoice.currency
    return _lines(
        [
            (invoice.payer, K.RECEIVABLE, cur, invoice.amount_due),
            (invoice.payee, K.PAYABLE_PENDING, cur, -invoice.payee_share),
            (None, K.REVENUE, cur, -invoice.commission_amount),
            (None, K.TAX_WITHHELD, cur, -invoice.amount_tax),
        ]
    )


def payment_lines(invoice: Invoice, amount: Decimal, *, settles: bool) -> list[Line]:
    """Cash received; ``settles`` moves the payee share to payable (first full payment)."""
    cur = invoice.currency
    specs = [
        (None, K.CASH_IN_TRANSIT, cur, amount),
        (invoice.payer, K.RECEIVABLE, cur, -amount),
    ]
    if settles:
        specs += [
            (invoice.payee, K.PAYABLE_PENDING, cur, invoice.payee_share),
            (invoice.payee, K.PAYABLE, cur, -invoice.payee_share),
        ]
    return _lines(specs)


def _split(invoice: Invoice, refunded: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """(payee, commission, tax) parts of a cumulative refunded amount."""
    cur, gross = invoice.currency, invoice.amount_due
    tax = round_money(invoice.amount_tax * refunded / gross, cur)
    payee = round_money(invoice.payee_share * refunded / gross, cur)
    return payee, refunded - tax - payee, tax


Spec = tuple[Party | None, str, str, Decimal]


def refund_specs(invoice: Invoice, *, before: Decimal, amount: Decimal) -> list[Spec]:
    """(party, kind, currency, amount) of a refund, without touching accounts (the refund
    page previews them)."""
    cur = invoice.currency
    old, new = _split(invoice, before), _split(invoice, before + amount)
    payee, commission, tax = (n - o for n, o in zip(new, old, strict=True))
    specs = [
        (None, K.CASH_IN_TRANSIT, cur, -amount),
        (invoice.payee, K.PAYABLE, cur, payee),
        (None, K.REVENUE, cur, commission),
        (None, K.TAX_WITHHELD, cur, tax),
    ]
    return [spec for spec in specs if spec[3] != 0]


def refund_lines(invoice: Invoice, *, before: Decimal, amount: Decimal) -> list[Line]:
    """Reverse ``amount`` refunded after ``before`` was already refunded, in proportion."""
    return _lines(refund_specs(invoice, before=before, amount=amount))


def _frozen(invoice: Invoice, amount: Decimal) -> Decimal:
    """The payee's share of a disputed amount, frozen while the dispute is open."""
    return round_money(invoice.payee_share * amount / invoice.amount_due, invoice.currency)


def dispute_lost_lines(invoice: Invoice, amount: Decimal) -> list[Line]:
    """A lost dispute of ``amount``: the reserve is gone, split like a refund."""
    cur = invoice.currency
    frozen = _frozen(invoice, amount)
    tax = round_money(invoice.amount_tax * amount / invoice.amount_due, cur)
    return _lines(
        [
            (None, K.RESERVE, cur, -amount),
            (invoice.payee, K.RESERVE, cur, frozen),
            (None, K.TAX_WITHHELD, cur, tax),
            (None, K.REVENUE, cur, amount - frozen - tax),
        ]
    )


def dispute_lines(invoice: Invoice, amount: Decimal) -> list[Line]:
    cur = invoice.currency
    frozen = _frozen(invoice, amount)
    return _lines(
        [
            (None, K.RESERVE, cur, amount),
            (None, K.CASH_IN_TRANSIT, cur, -amount),
            (invoice.payee, K.PAYABLE, cur, frozen),
            (invoice.payee, K.RESERVE, cur, -frozen),
        ]
    )


def fee_post(*, fee: Money, key: str, reference: str = "") -> JournalEntry:
    """Stripe's processing fee on a charge (the platform bears it)."""
    amount, currency = fee.amount, fee.currency
    return journal_post(
        memo=f"Stripe fee {fee}",
        lines=[
            (account_for(party=None, kind=K.PROCESSING_FEES, currency=currency), amount),
            (account_for(party=None, kind=K.CASH_IN_TRANSIT, currency=currency), -amount),
        ],
        idempotency_key=key,
        reference=reference,
    )


def fx_conversion_post(*, money: Money, quote: str, on: dt.date, key: str) -> JournalEntry:
    """Convert cash in transit from ``money``'s currency to ``quote`` at the recorded rate
    of ``on``."""
    converted_money, rate = fx_convert(money=money, quote=quote, on=on)
    amount, base, converted = money.amount, money.currency, converted_money.amount
    if converted == 0 or amount <= 0:
        raise ValidationError(
            {
                "amount": _("%(amount)s %(base)s is too small to convert to %(quote)s")
                % {"amount": amount, "base": base, "quote": quote}
            }
        )
    fx = K.FX_GAIN_LOSS
    return journal_post(
        memo=f"FX {amount} {base} → {converted} {quote} at {rate.rate} ({rate.source}, "
        f"{rate.as_of.isoformat()})",
        lines=_nonzero(
            [
                (account_for(party=None, kind=K.CASH_IN_TRANSIT, currency=base), -amount),
                (account_for(party=None, kind=fx, currency=base), amount),
                (account_for(party=None, kind=K.CASH_IN_TRANSIT, currency=quote), converted),
                (account_for(party=None, kind=fx, currency=quote), -converted),
            ]
        ),
        idempotency_key=key,
        effective_on=on,
    )


def payout_lines(*, payee: Party, currency: str, amount: Decimal, provider: str) -> list[Line]:
    source = K.CASH_IN_TRANSIT if provider == "stripe" else K.BANK
    return [
        (account_for(party=payee, kind=K.PAYABLE, currency=currency), amount),
        (account_for(party=None, kind=source, currency=currency), -amount),
    ]
