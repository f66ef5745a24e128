"""Royalty-stream sales: a holder sells a share of its royalty stream from works for a term.

An offer (fixed price, or a sealed-bid auction with a reserve) moves draft → open → closed
(a winner invoiced, or nobody) → settled (the winner's invoice paid); draft/open → cancelled.
A settled offer leaves one ``StreamHolding``: from its start period the royalty close carves
the buyer's share out of the holder's (``finance.streams.splits``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Party, Work

MONEY = {"max_digits": 20, "decimal_places": 4}


class StreamStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    SETTLED = "settled", _("Settled")
    CANCELLED = "cancelled", _("Cancelled")


class StreamMode(models.TextChoices):
    FIXED = "fixed", _("Fixed price")
    SEALED = "sealed", _("Sealed-bid auction")


class StreamOffer(models.Model):
    holder = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="stream_offers")
    works = models.ManyToManyField(Work, related_name="stream_offers")
    title = models.CharField(_("title"), max_length=200)
    # Percent of the holder's own royalty share of the works (not of the works' royalties).
    share_percent = models.DecimalField(
        _("share of your royalties (%)"), max_digits=5, decimal_places=2
    )
    term_periods = models.PositiveSmallIntegerField(_("term (periods)"), null=True, blank=True)
    mode = models.CharField(_("sale"), max_length=8, choices=StreamMode.choices)
    currency = models.CharField(_("currency"), max_length=3)
    price = models.DecimalField(_("price"), null=True, blank=True, **MONEY)
    reserve = models.DecimalField(_("reserve"), null=True, blank=True, **MONEY)
    closes_at = models.DateTimeField(_("bidding closes at"), null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=StreamStatus.choices, default=StreamStatus.DRAFT
    )
    buyer = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="stream_purchases"
    )
    amount = models.DecimalField(null=True, blank=True, **MONEY)  # what the buyer owes
    invoice = models.ForeignKey(
        "finance.Invoice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # External statements (outside the platform) a staff member checked: eligibility without
    # the platform's own history.
    external_note = models.TextField(_("external statements"), blank=True)
    external_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    external_verified_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(share_percent__gt=Decimal(0), share_percent__lte=Decimal(100)),
                name="stream_share_range",
            ),
            models.CheckConstraint(
                condition=Q(term_periods__isnull=True) | Q(term_periods__gte=1),
                name="stream_term_positive",
            ),
            models.CheckConstraint(
                condition=(Q(mode="fixed") & Q(price__gt=0))
                | (Q(mode="sealed") & Q(closes_at__isnull=False)),
                name="stream_mode_terms",
            ),
            models.CheckConstraint(
                condition=Q(reserve__isnull=True) | Q(reserve__gt=0), name="stream_reserve_positive"
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="stream_currency_iso"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class StreamOfferEvent(models.Model):
    """Audit row of an offer's status (the kernel workflow's shape); never edited."""

    offer = models.ForeignKey(StreamOffer, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=10, choices=StreamStatus.choices)
    to_status = models.CharField(max_length=10, choices=StreamStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class StreamBid(models.Model):
    """A bidder's one live bid; raised in place before the close (``placed_at`` moves with it,
    so a tie goes to whoever reached the amount first)."""

    offer = models.ForeignKey(StreamOffer, on_delete=models.PROTECT, related_name="bids")
    bidder = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="stream_bids")
    amount = models.DecimalField(**MONEY)
    placed_at = models.DateTimeField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "bidder"], name="stream_one_bid_per_bidder"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="stream_bid_positive"),
        ]


class StreamConsent(models.Model):
    """A pledgee's recorded yes to one stream offer over works its pledge covers."""

    offer = models.ForeignKey(StreamOffer, on_delete=models.PROTECT, related_name="consents")
    pledge = models.ForeignKey("pledges.Pledge", on_delete=models.PROTECT, related_name="+")
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "pledge"], name="stream_one_consent_per_pledge"
            )
        ]


class StreamHolding(models.Model):
    """The buyer's share of the holder's royalties from the offer's works, from the start
    period's first day through the end period's last (no end: for life)."""

    offer = models.OneToOneField(StreamOffer, on_delete=models.PROTECT, related_name="holding")
    holder = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    buyer = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="stream_holdings")
    share_percent = models.DecimalField(max_digits=5, decimal_places=2)
    start_period = models.CharField(max_length=8)
    end_period = models.CharField(max_length=8, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="stream_holding_dates",
            ),
            models.CheckConstraint(
                condition=~Q(holder=models.F("buyer")), name="stream_holding_not_self"
            ),
        ]
