"""Pledges (质权) of works and contract receivables, pledgee consents and court seizures (查封).

A pledge moves application → examination → registered → released / enforced
(or rejected); every change is one service call with a ``PledgeEvent`` row.
A seizure is recorded by a court (or staff on its behalf) and released by
the same court; while active it freezes the works it names.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Party, Work
from catalog.vocabulary import RightType


class PledgeStatus(models.TextChoices):
    APPLICATION = "application", _("Application")
    EXAMINATION = "examination", _("In examination")
    REGISTERED = "registered", _("Registered")
    RELEASED = "released", _("Released")
    ENFORCED = "enforced", _("Enforced")
    REJECTED = "rejected", _("Rejected")


class Pledge(models.Model):
    number = models.CharField(max_length=20, unique=True, null=True, blank=True)
    pledgor = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="pledges_given")
    pledgee = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="pledges_held")
    works = models.ManyToManyField(Work, blank=True, related_name="pledges")
    # Receivables (royalties, minimum guarantees) of these contracts are pledged.
    contracts = models.ManyToManyField("contracts.Contract", blank=True, related_name="pledges")
    secured_amount = models.DecimalField(_("secured claim"), max_digits=18, decimal_places=4)
    currency = models.CharField(_("currency"), max_length=3)
    starts_on = models.DateField(_("term from"))
    ends_on = models.DateField(_("term to"))
    status = models.CharField(
        max_length=12, choices=PledgeStatus.choices, default=PledgeStatus.APPLICATION
    )
    # LTV above this fraction alerts the pledgee's users (0.8 = 80 %).
    ltv_threshold = models.DecimalField(max_digits=6, decimal_places=4, default=Decimal("0.8"))
    receivables_redirected_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    source_ref = models.CharField(
        max_length=128, unique=True, null=True, blank=True
    )  # demo/imports
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "pledgee"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(secured_amount__gt=0), name="pledge_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="pledge_term"
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="pledge_currency_iso"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["registered", "released", "enforced"])
                | Q(number__isnull=False),
                name="pledge_registered_has_number",
            ),
            models.CheckConstraint(
                condition=~Q(pledgor=models.F("pledgee")), name="pledge_distinct_parties"
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"PLG-APP-{self.pk}"


class PledgeEvent(models.Model):
    """Audit row: a status change or an amendment of a pledge; never edited."""

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=12, choices=PledgeStatus.choices)
    to_status = models.CharField(max_length=12, choices=PledgeStatus.choices)
    kind = models.CharField(max_length=16, default="transition")  # transition | change | …
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class PledgeNumberSequence(models.Model):
    """Last pledge number per year; the row lock in the registering transaction keeps it gapless."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_value = models.PositiveIntegerField(default=0)


class PledgeCertificate(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="certificates")
    version = models.PositiveSmallIntegerField()
    language = models.CharField(max_length=10)
    pdf = models.FileField(upload_to="pledges/")
    sha256 = models.CharField(max_length=64)
    evidence_seq = models.BigIntegerField(null=True, blank=True)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "version"], name="pledge_cert_version"),
        ]


class PledgeConsent(models.Model):
    """The pledgee's recorded consent to one contract (an exclusive licence or a transfer)."""

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="consents")
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="pledge_consents"
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pledge", "contract"], name="one_consent_per_contract"),
        ]


class SeizureStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    RELEASED = "released", _("Released")


def seizure_document_path(instance: Seizure, filename: str) -> str:
    return f"seizures/{instance.case_number[:40].replace('/', '-')}/{filename}"


class Seizure(models.Model):
    court = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="seizures_ordered")
    case_number = models.CharField(_("case number"), max_length=80)
    works = models.ManyToManyField(Work, related_name="seizures")
    # Empty: every right of the works is frozen.
    right_types = ArrayField(
        models.CharField(max_length=16, choices=RightType.choices), default=list, blank=True
    )
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(_("in force until"), null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=SeizureStatus.choices, default=SeizureStatus.ACTIVE
    )
    # Its effects (offers suspended, listings re-indexed, royalties into the court's
    # escrow) are applied. Set when it is recorded in force, or by the beat task on its
    # first day; cleared by its release or by the task the day after its last day. Status
    # flags and the royalty redirect read this field; what the order forbids (availability,
    # the action guard) is read from its dates and status (finance/pledges/availability.py).
    in_force = models.BooleanField(default=False)
    document = models.FileField(upload_to=seizure_document_path, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    evidence_seq = models.BigIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["court", "case_number"], name="seizure_case_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="seizure_dates",
            ),
            models.CheckConstraint(
                condition=Q(status="active", released_at__isnull=True)
                | Q(status="released", released_at__isnull=False),
                name="seizure_release_consistent",
            ),
            models.CheckConstraint(
                condition=Q(in_force=False) | Q(status="active"), name="seizure_in_force_active"
            ),
        ]
        indexes = [models.Index(fields=["in_force"], name="seizure_in_force")]

    def __str__(self) -> str:
        return f"{self.court} {self.case_number}"


class SeizureEvent(models.Model):
    """Audit row of a seizure: its recording (from no status) and its release; never edited."""

    seizure = models.ForeignKey(Seizure, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=16)  # record | release
    from_status = models.CharField(max_length=10, choices=SeizureStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=SeizureStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
