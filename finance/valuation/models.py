"""Stored valuations (the inputs, seed and results of one run) and securitisation pools."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Party, Work
from finance.pledges.models import Pledge


class Valuation(models.Model):
    """One reproducible run: re-running ``inputs`` with ``seed`` gives ``results`` again."""

    pledge = models.ForeignKey(
        Pledge, null=True, blank=True, on_delete=models.PROTECT, related_name="valuations"
    )
    works = models.ManyToManyField(Work, related_name="valuations")
    currency = models.CharField(max_length=3)
    as_of = models.DateField()
    seed = models.BigIntegerField()
    inputs = models.JSONField()  # assumptions, history, relief and contracted inputs
    results = models.JSONField()  # p10/p50/p90, deterministic, per-work values, fits
    p10 = models.DecimalField(max_digits=20, decimal_places=4)
    p50 = models.DecimalField(max_digits=20, decimal_places=4)
    p90 = models.DecimalField(max_digits=20, decimal_places=4)
    ltv_p50 = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    ltv_p10 = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    # manual | statements_closed:<period> | recompute
    reason = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["pledge", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(p10__lte=models.F("p50")) & Q(p50__lte=models.F("p90")),
                name="valuation_percentiles_ordered",
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="valuation_currency_iso"
            ),
        ]


class PoolStatus(models.TextChoices):
    DRAFT = "draft", _("Structuring")
    LIVE = "live", _("Live")
    CLOSED = "closed", _("Closed")


class Pool(models.Model):
    name = models.CharField(_("name"), max_length=200)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(max_length=8, choices=PoolStatus.choices, default=PoolStatus.DRAFT)
    # Banks that structure, fund or guarantee the pool; only their members see it.
    participants = models.ManyToManyField(Party, related_name="pools_participating")
    originators = models.ManyToManyField(Party, related_name="pools_originated")
    works = models.ManyToManyField(Work, blank=True, related_name="pools")
    contracts = models.ManyToManyField("contracts.Contract", blank=True, related_name="pools")
    # Collections arrive in this party's escrow account once the pool is live.
    trustee = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="pools_trusteed")
    structure = models.JSONField(default=dict, blank=True)  # tranche sizes, coupons, fees…
    criteria = models.JSONField(default=dict, blank=True)  # eligibility and concentration limits
    live_from = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    source_ref = models.CharField(max_length=128, unique=True, null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="pool_currency"
            ),
            models.CheckConstraint(
                condition=~Q(status="live") | Q(live_from__isnull=False), name="pool_live_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PoolEvent(models.Model):
    """Audit row of a pool: created, structure changed, gone live; never edited."""

    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=24)  # created | structure | live
    from_status = models.CharField(max_length=8, choices=PoolStatus.choices, blank=True)
    to_status = models.CharField(max_length=8, choices=PoolStatus.choices)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class ReportStatus(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", _("Awaiting the holder's consent")
    QUEUED = "queued", _("Being computed")
    ISSUED = "issued", _("Issued")
    DECLINED = "declined", _("Declined by the holder")
    FAILED = "failed", _("Failed")


class ValuationReport(models.Model):
    """A valuation asked for before any pledge exists (a bank before lending, or the holder).

    Subject: one work or a catalogue (works of one holder). A bank's request waits for the
    holder's consent: the report reads the holder's royalty statements. Once issued it is
    numbered and immutable (a trigger refuses changes, migration valuation 0003); the only
    later write is its attachment, once, to a pledge application.
    """

    number = models.CharField(max_length=20, unique=True, null=True, blank=True)
    holder = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="valuation_subjects")
    requester = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="valuation_requests"
    )
    works = models.ManyToManyField(Work, related_name="valuation_reports")
    currency = models.CharField(_("currency"), max_length=3)
    loan_amount = models.DecimalField(_("proposed loan"), max_digits=18, decimal_places=4)
    # Validated rows of the uploaded external history: work_id, period, start, currency,
    # amount, source, converted (the amount in ``currency``) and the FX rate used.
    external_history = models.JSONField(default=list, blank=True)
    assumptions = models.JSONField(default=dict, blank=True)
    # The issued charts' data (history and P10/P50/P90 cash per period), kept with the
    # figures so the report reads the same however contracts and statements change later.
    series = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=ReportStatus.choices)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    valuation = models.OneToOneField(
        Valuation, null=True, blank=True, on_delete=models.PROTECT, related_name="report"
    )
    pledge = models.ForeignKey(
        Pledge, null=True, blank=True, on_delete=models.PROTECT, related_name="valuation_reports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(loan_amount__gt=0), name="valuation_report_loan"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="valuation_report_currency"
            ),
            models.CheckConstraint(
                condition=~Q(status="issued")
                | Q(number__isnull=False, valuation__isnull=False, issued_at__isnull=False),
                name="valuation_report_issued_complete",
            ),
            models.CheckConstraint(
                condition=Q(pledge__isnull=True) | Q(status="issued"),
                name="valuation_report_attached_issued",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"VAL-REQ-{self.pk}"


class ValuationReportEvent(models.Model):
    """Audit row of a report: requested, consented, declined, issued, failed, attached."""

    report = models.ForeignKey(ValuationReport, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=20, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReportStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class ValuationReportSequence(models.Model):
    """Last report number per year (catalog.kernel.numbering: gapless)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_value = models.PositiveIntegerField(default=0)
