"""Negotiation: a thread between a buyer and a seller organisation about one listing.

Each offer or counter-offer is an immutable version of ``licensing.terms.Terms``
(a database trigger refuses edits of its terms); only its status moves, through
the services, with an ``OfferTransition`` row per move. At most one offer per
thread is open at a time (partial UNIQUE index).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import Party, Work
from licensing.contracts.models import Contract
from licensing.terms import Terms
from marketplace.listings.models import Inquiry, Listing


class Thread(models.Model):
    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="deal_threads")
    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="deal_threads")
    inquiry = models.ForeignKey(
        Inquiry, null=True, blank=True, on_delete=models.PROTECT, related_name="deal_threads"
    )
    buyer = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="deals_as_buyer")
    seller = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="deals_as_seller")
    # The language the contract adds to Chinese: the buyer's, as the buyer's user chose it.
    buyer_language = models.CharField(max_length=16, default="en")
    contract = models.OneToOneField(
        Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="deal_thread"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    source_ref = models.CharField(max_length=64, unique=True, null=True, blank=True)  # demo data

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(buyer=models.F("seller")), name="deal_thread_two_parties"
            ),
            models.UniqueConstraint(
                fields=["inquiry"],
                condition=models.Q(inquiry__isnull=False),
                name="deal_thread_one_per_inquiry",
            ),
        ]
        indexes = [models.Index(fields=["buyer"]), models.Index(fields=["seller"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.work}"

    def other_party_id(self, party_id: int) -> int:
        return self.seller_id if party_id == self.buyer_id else self.buyer_id


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Open")
    COUNTERED = "countered", _("Countered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")
    # A court order froze the work: nobody may answer it until the order stops.
    SUSPENDED = "suspended", _("Suspended")


class Offer(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="offers")
    version = models.PositiveIntegerField()
    terms = models.JSONField()  # Terms.to_dict(); never edited (trigger)
    currency = models.CharField(max_length=3)
    offered_by = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    valid_until = models.DateField()  # last day the offer can be accepted
    # [{"right": index, **Availability.as_dict()}] as checked when the offer was made.
    availability = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["thread", "version"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "version"], name="deal_offer_version"),
            # A suspended offer comes back open when the order stops: it still counts.
            models.UniqueConstraint(
                fields=["thread"],
                condition=models.Q(status__in=["open", "suspended"]),
                name="deal_offer_one_open_per_thread",
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="deal_offer_version_1"),
            models.CheckConstraint(
                condition=models.Q(currency__regex=r"^[A-Z]{3}$"), name="deal_offer_currency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.thread_id} v{self.version}"

    def get_terms(self) -> Terms:
        return Terms.from_dict(self.terms)


class OfferTransition(models.Model):
    """Audit row: one per status change of an offer (creation included, from "")."""

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=OfferStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=OfferStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=16)
    body = models.TextField()  # the original, never edited
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class MessageTranslation(models.Model):
    class Source(models.TextChoices):
        HUMAN = "human", _("Human translation")
        MACHINE = "machine", _("Machine translation")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=16)
    body = models.TextField()
    source = models.CharField(max_length=8, choices=Source.choices)
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "language"], name="deal_message_one_translation_per_language"
            )
        ]


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="deals/attachments/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    evidence_id = models.BigIntegerField()  # catalog.evidence EvidenceEntry.seq
