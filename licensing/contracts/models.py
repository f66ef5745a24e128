"""Licence contracts: the signed form of an accepted offer.

A contract version carries the full ``licensing.terms.Terms`` as JSON. An
amendment is a new Contract row (same ``number``, ``version`` + 1,
``supersedes`` the previous one); the old version stays as it was signed.
Grants are written when a version becomes active and carry the contract's
``reference`` in ``Grant.source_ref``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import Party, Work
from licensing.terms import Terms


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_SIGNATURES = "awaiting", _("Awaiting signatures")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")
    SUPERSEDED = "superseded", _("Superseded by an amendment")


class PaymentStatus(models.TextChoices):
    NONE_DUE = "none_due", _("Nothing due")
    UNPAID = "unpaid", _("Unpaid")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    PAID = "paid", _("Paid")


class Contract(models.Model):
    number = models.CharField(max_length=24)  # LIC-2026-000001, shared by all versions
    version = models.PositiveIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amended_by"
    )
    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="contracts")
    licensor = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="contracts_as_licensor"
    )
    licensee = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="contracts_as_licensee"
    )
    origin = models.CharField(max_length=64, blank=True)  # e.g. "offer:42"
    terms = models.JSONField()  # Terms.to_dict()
    currency = models.CharField(max_length=3)
    # The document's languages: Chinese first, then the licensee's (or English).
    document_languages = models.JSONField(default=list)
    status = models.CharField(
        max_length=12, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    payment_status = models.CharField(
        max_length=12, choices=PaymentStatus.choices, default=PaymentStatus.NONE_DUE
    )
    document = models.FileField(upload_to="contracts/%Y/", blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    # The QR on the document points at /contracts/verify/<token>/: unguessable, so the
    # public page answers only to someone holding the paper.
    verify_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["number", "version"], name="contract_number_version"),
            models.CheckConstraint(
                condition=models.Q(version=1, supersedes__isnull=True)
                | models.Q(version__gt=1, supersedes__isnull=False),
                name="contract_amendment_supersedes",
            ),
            models.CheckConstraint(
                condition=~models.Q(licensor=models.F("licensee")),
                name="contract_distinct_parties",
            ),
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["work", "status"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return self.reference_for(self.number, self.version)

    @staticmethod
    def reference_for(number: str, version: int) -> str:
        """``LIC-2026-000001`` for the original, ``…/A1`` for its first amendment."""
        return number if version == 1 else f"{number}/A{version - 1}"

    def get_terms(self) -> Terms:
        return Terms.from_dict(self.terms)

    @property
    def parties(self) -> tuple[Party, Party]:
        return (self.licensor, self.licensee)


class ContractNumber(models.Model):
    """Last contract number issued per year; its row lock makes numbers gapless."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class ContractSignature(models.Model):
    """A click-to-sign: who signed which document (by hash), when and from where."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="signatures")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    document_sha256 = models.CharField(max_length=64)
    evidence_id = models.BigIntegerField(null=True, blank=True)  # evidence chain entry

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contract", "party"], name="one_signature_per_party"),
        ]


class ContractEvent(models.Model):
    """Audit trail of status changes."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=ContractStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ContractStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class ContractApproval(models.Model):
    """A co-owner's decision on a licence of a work it owns a share of (and on its price).

    One decision per co-owner and contract version, final: a co-owner who refused is asked
    again only on an amended version. Each decision is also deposited in the evidence chain
    (``evidence_id``).
    """

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="approvals")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    evidence_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contract", "party"], name="one_approval_per_party"),
        ]
