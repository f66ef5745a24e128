"""Double-entry ledger and FX rates.

A JournalEntry has two or more Postings whose amounts sum to zero per
currency (debit > 0, credit < 0). PostgreSQL enforces it with a deferred
constraint trigger (checked at commit, so postings can be inserted one by
one) and refuses UPDATE and DELETE on both tables: a mistake is corrected by
a reversing entry (``reverses``), never by an edit. See migration 0002.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from moneyed import Money

from catalog.models import Party


class AccountKind(models.TextChoices):
    RECEIVABLE = "receivable", _("Receivable")
    PAYABLE = "payable", _("Payable")
    REVENUE = "revenue", _("Platform revenue")
    TAX_WITHHELD = "tax_withheld", _("Tax withheld")
    CASH_IN_TRANSIT = "cash_in_transit", _("Cash in transit")
    RESERVE = "reserve", _("Reserve")
    ADVANCE = "advance", _("Advances (recoupable)")
    ESCROW = "escrow", _("Escrow (pledgee-controlled)")
    BANK = "bank", _("Bank")
    FX_GAIN_LOSS = "fx_gain_loss", _("FX gain / loss")
    SUSPENSE = "suspense", _("Suspense")


class Account(models.Model):
    """One balance: a party's (or the platform's, party = NULL) kind of money in one currency."""

    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts"
    )
    kind = models.CharField(max_length=16, choices=AccountKind.choices)
    currency = models.CharField(max_length=3)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["party", "kind", "currency"],
                name="one_account_per_party_kind_currency",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name="account_iso"),
        ]

    def __str__(self) -> str:
        owner = self.party.name if self.party_id else "platform"
        return f"{owner} · {self.get_kind_display()} · {self.currency}"


class JournalEntry(models.Model):
    idempotency_key = models.CharField(max_length=200, unique=True)
    memo = models.TextField()
    reference = models.CharField(max_length=100, blank=True, db_index=True)
    effective_on = models.DateField()
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "journal entries"
        indexes = [models.Index(fields=["effective_on"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.memo}"


class Posting(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    # Four places hold every Stripe currency (KWD has three); amounts are
    # rounded to the currency's minor unit before they get here.
    amount = models.DecimalField(max_digits=24, decimal_places=4)
    currency = models.CharField(max_length=3)  # = account.currency (trigger-checked)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="posting_not_zero"),
        ]
        indexes = [models.Index(fields=["account", "entry"])]

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def is_debit(self) -> bool:
        return self.amount > Decimal(0)


class FxRate(models.Model):
    """1 ``base`` = ``rate`` ``quote`` on ``as_of``, as published by ``source``."""

    base = models.CharField(max_length=3)
    quote = models.CharField(max_length=3)
    as_of = models.DateField()
    rate = models.DecimalField(max_digits=24, decimal_places=10)
    source = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["base", "quote", "as_of"], name="one_rate_per_day"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="fx_rate_positive"),
        ]
        indexes = [models.Index(fields=["base", "quote", "-as_of"])]

    def __str__(self) -> str:
        return f"1 {self.base} = {self.rate} {self.quote} ({self.as_of}, {self.source})"
