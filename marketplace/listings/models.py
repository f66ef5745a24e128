"""Listings: rights of a registered work offered to buyers, and buyers' interest in them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import Party, Work
from catalog.vocabulary import RightType, Zone


class Exclusivity(models.TextChoices):
    EXCLUSIVE = "exclusive", _("Exclusive")
    NON_EXCLUSIVE = "non_exclusive", _("Non-exclusive")
    EITHER = "either", _("Exclusive or non-exclusive")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    PAUSED = "paused", _("Paused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Listing(models.Model):
    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="listings")
    seller = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="listings")
    zone = models.CharField(max_length=12, choices=Zone.choices)
    headline = models.CharField(_("headline"), max_length=300)  # translated
    description = models.TextField(_("description"), blank=True)  # translated
    translation_status = models.JSONField(default=dict, blank=True)
    right_types = ArrayField(models.CharField(max_length=16, choices=RightType.choices))
    territories = ArrayField(models.CharField(max_length=16))  # codes and groups
    excluded_territories = ArrayField(models.CharField(max_length=16), default=list, blank=True)
    # BCP 47 tags, standardised lower case; 35 characters is RFC 5646's minimum buffer.
    languages = ArrayField(models.CharField(max_length=35))
    exclusivity = models.CharField(
        max_length=16, choices=Exclusivity.choices, default=Exclusivity.EITHER
    )
    term_months = models.PositiveSmallIntegerField(default=60)
    # The licence window a bulk rights line names ("2027-01-01..2031-12-31"); empty: any
    # start, for term_months.
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    currency = models.CharField(max_length=3)
    advance = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    royalty_rate = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, help_text=_("percent")
    )
    minimum_guarantee = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    flat_fee = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ListingStatus.choices, default=ListingStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    views = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["status", "zone"]), models.Index(fields=["work"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(royalty_rate__isnull=True)
                | models.Q(royalty_rate__gte=Decimal(0), royalty_rate__lte=Decimal(100)),
                name="listing_royalty_rate_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(currency__regex=r"^[A-Z]{3}$"), name="listing_currency_iso4217"
            ),
            models.CheckConstraint(
                condition=models.Q(term_months__gte=1), name="listing_term_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(available_from__isnull=True)
                | models.Q(available_until__isnull=True)
                | models.Q(available_until__gte=models.F("available_from")),
                name="listing_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.work} — {', '.join(self.right_types)}"


class ListingTransition(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=ListingStatus.choices)
    to_status = models.CharField(max_length=10, choices=ListingStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class ShortlistItem(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shortlist"
    )
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "listing"], name="shortlist_unique")]


class Inquiry(models.Model):
    """A buyer's first contact about a listing; the negotiation thread grows from it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="inquiries")
    buyer = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="inquiries")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inquiries"
    )
    right_types = ArrayField(models.CharField(max_length=16, choices=RightType.choices))
    territories = ArrayField(models.CharField(max_length=16))
    languages = ArrayField(models.CharField(max_length=35))
    message = models.TextField()
    message_language = models.CharField(max_length=16)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)


class Notification(models.Model):
    """In-app notice to a user (new inquiry, offer, signature…); e-mailed by a task."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32)
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
