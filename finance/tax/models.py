"""Tax residency claims and withholding certificates (docs/royalties.md, "Withholding").

A payee's ``TaxResidency`` says where it is resident for tax from ``valid_from`` to
``valid_to`` (both days included) and whether it claims a tax treaty's reduced rate,
with the certificate of residence as proof. Staff accept or reject it
(``workflow.py``); only an accepted residency counts, and the database refuses two
accepted residencies of one party on the same day. The royalty close reads the one
valid on the period's last day (``selectors.residencies_valid_on``) and copies what it
used onto the statement, so a later change never alters a closed statement.

A ``WithholdingCertificate`` states, per payee and period, the royalties the payers
withheld tax on; its number is gapless per year (``catalog.kernel.numbering``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.kernel.history import audited
from catalog.models import Party


class ResidencyStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class DateRange(models.Func):
    """``daterange(valid_from, valid_to, '[]')``: the days a residency covers."""

    function = "DATERANGE"
    output_field = DateRangeField()


# Where a payee is resident decides the tax withheld on its royalties: audited.
@audited(model_name="TaxResidencyEvent")
class TaxResidency(models.Model):
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="tax_residencies")
    country = models.CharField(_("country of residence"), max_length=2)
    treaty_claim = models.BooleanField(_("claims a tax treaty rate"), default=False)
    treaty_article = models.CharField(_("treaty and article"), max_length=120, blank=True)
    # What the payee says the treaty allows; the rate applied is the withholding table's
    # for the payer's country and this one (staff compare the two when reviewing).
    claimed_rate = models.DecimalField(
        _("rate claimed (%)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    certificate = models.FileField(_("certificate of residence"), upload_to="tax/residency/%Y/")
    certificate_name = models.CharField(max_length=255)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    status = models.CharField(
        max_length=10, choices=ResidencyStatus.choices, default=ResidencyStatus.SUBMITTED
    )
    reason = models.TextField(_("reason"), blank=True)  # why staff rejected it
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name_plural = "tax residencies"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")), name="residency_dates_order"
            ),
            models.CheckConstraint(
                condition=Q(country__regex=r"^[A-Z]{2}$"), name="residency_country_alpha2"
            ),
            models.CheckConstraint(
                condition=Q(treaty_claim=False) | ~Q(treaty_article=""),
                name="residency_treaty_names_article",
            ),
            models.CheckConstraint(
                condition=~Q(status=ResidencyStatus.REJECTED) | ~Q(reason=""),
                name="residency_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(claimed_rate__isnull=True)
                | Q(claimed_rate__gte=0, claimed_rate__lte=100),
                name="residency_claimed_rate_range",
            ),
            # One accepted residency per party and day (btree_gist: = on the party id).
            ExclusionConstraint(
                name="residency_no_accepted_overlap",
                expressions=[
                    ("party", RangeOperators.EQUAL),
                    (
                        DateRange("valid_from", "valid_to", RangeBoundary(inclusive_upper=True)),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(status=ResidencyStatus.ACCEPTED),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.country} {self.valid_from}–{self.valid_to} ({self.status})"


class TaxResidencyTransition(models.Model):
    """One review step of a residency (the kernel workflow's audit row)."""

    residency = models.ForeignKey(
        TaxResidency, on_delete=models.PROTECT, related_name="transitions"
    )
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class CertificateNumberSequence(models.Model):
    """Last withholding-certificate number per year (gapless: taken in the issuing
    transaction)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_value = models.PositiveIntegerField(default=0)


class WithholdingCertificate(models.Model):
    """The tax withheld from one payee's royalties in one period, as a bilingual PDF.

    A period closed again for another contract later gets a new version (a new number);
    ``statement_ids`` names the closed statements the PDF lists.
    """

    number = models.CharField(max_length=32, unique=True)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="withholding_certificates"
    )
    period = models.CharField(max_length=8)
    version = models.PositiveSmallIntegerField()
    language = models.CharField(max_length=16)
    statement_ids = models.JSONField()
    pdf = models.FileField(upload_to="tax/certificates/%Y/")
    sha256 = models.CharField(max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "period", "version"], name="wht_certificate_version"
            ),
        ]

    def __str__(self) -> str:
        return self.number
