"""Usage reports, the royalty periods they close into, and payee statements.

A UsageReport is a licensee's file for one period, filed under one of its
contracts. Its good rows become UsageLines, each attributed to the
licensee's contract for the matched work; bad rows are QuarantinedRows;
rows no identifier or title matched wait as UnmatchedLines until the
licensor matches them by hand (remembered as a MatchRule).

Closing a period for a contract writes a RoyaltyPeriod (the contract-level
figures: gross earnings, reserve, recoupment, escalator units, rounding
residue) and one Statement per payee with its StatementLines. Closed
statements are immutable in the database (migration 0002): a late or
corrected report becomes an adjustment on a later statement.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.kernel.history import audited
from catalog.models import Party, Work
from catalog.territories import country_name
from finance.ledger.selectors import journal_entry_for_key
from i18n.formatting import format_date
from licensing.contracts.models import Contract

MONEY = {"max_digits": 24, "decimal_places": 4}
EXACT = {"max_digits": 40, "decimal_places": 16}


class RoyaltySetting(models.Model):
    """A licensor's statement preferences and whether its advances are cross-collateralised."""

    party = models.OneToOneField(Party, on_delete=models.PROTECT, related_name="royalty_setting")
    # Recoup an advance from any of this licensor's contracts with the same licensee
    # (same currency), not only from the contract that paid it.
    cross_collateralise = models.BooleanField(_("cross-collateralise advances"), default=False)
    statement_currency = models.CharField(_("statement currency"), max_length=3, blank=True)
    statement_language = models.CharField(_("statement language"), max_length=16, blank=True)


# A lowered rate moves tax into a payee's pocket: audited.
@audited(model_name="WithholdingRateEvent")
class WithholdingRate(models.Model):
    """Tax the payer withholds on royalties paid abroad: treaty rate per country pair."""

    payer_country = models.CharField(_("payer country"), max_length=2)
    payee_country = models.CharField(_("payee country"), max_length=2)  # "**" = any other
    rate = models.DecimalField(_("rate (%)"), max_digits=7, decimal_places=4)
    source = models.CharField(_("source"), max_length=200)
    valid_from = models.DateField(_("valid from"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["payer_country", "payee_country", "valid_from"], name="wht_one_per_day"
            ),
            models.CheckConstraint(condition=Q(rate__gte=0, rate__lte=100), name="wht_rate_range"),
        ]

    def __str__(self) -> str:
        return f"{self.payer_country}→{self.payee_country} {self.rate} % ({self.valid_from})"


class UsageFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    DSR = "dsr", _("DDEX DSR flat file")


class ColumnMapping(models.Model):
    """Which column of a licensee's file holds which usage field (docs/royalties.md)."""

    licensee = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="usage_mappings")
    format = models.CharField(max_length=4, choices=UsageFormat.choices)
    mapping = models.JSONField()  # {"units": "Qty", "territory": "Country", ...}
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["licensee", "format"], name="one_mapping_per_format")
        ]


class ValueKind(models.TextChoices):
    CHANNEL = "channel", _("Channel")
    FORMAT = "format", _("Format")
    TERRITORY = "territory", _("Territory")


class UsageValueMap(models.Model):
    """A licensee's own word for a channel, format or territory: ``value`` (the key of the
    raw spelling, ``vocabulary.value_key``) means ``target`` (a ``Channel`` / ``Format``
    code or an ISO 3166-1 alpha-2 country). Read before the built-in tables, so a
    licensee may also redirect a built-in spelling ("club" → direct)."""

    licensee = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="usage_value_maps")
    kind = models.CharField(_("kind"), max_length=10, choices=ValueKind.choices)
    value = models.CharField(_("value"), max_length=200)
    raw = models.CharField(_("as written"), max_length=200)  # the spelling it was made from
    target = models.CharField(_("means"), max_length=32)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["licensee", "kind", "value"], name="one_value_map_per_key"
            )
        ]
        ordering = ["kind", "value"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.raw} → {self.target}"


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    PROCESSING = "processing", _("Processing")
    # Read and matched, not posted: it repeats lines or periods already reported (or has
    # values to map); the licensee decides on the review page (review.py).
    REVIEW = "review", _("Awaiting review")
    POSTED = "posted", _("Posted")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Replaced")
    # The import job stopped (worker lost) more often than USAGE_IMPORT_MAX_ATTEMPTS; nothing
    # was posted; the licensee or staff retry it (stranded.py), or upload again.
    FAILED = "failed", _("Failed — retry")


class ReviewDecision(models.TextChoices):
    SKIP = "skip", _("Skip the repeated lines")
    CORRECTION = "correction", _("Post as a correction of the earlier report")
    POST = "post", _("Post anyway")


LIVE_REPORT = Q(status="posted")  # pending ones are checked by the service before they start


def usage_upload_path(instance: UsageReport, filename: str) -> str:
    return f"usage/{instance.period}/{filename}"


class UsageReport(models.Model):
    licensee = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="usage_reports")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="usage_reports")
    period = models.CharField(max_length=8)  # 2026-Q3, 2026-07, 2026-H2, 2026
    period_start = models.DateField()
    period_end = models.DateField()
    format = models.CharField(max_length=4, choices=UsageFormat.choices)
    file = models.FileField(upload_to=usage_upload_path, blank=True)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    # "Correction of report N": posting this report supersedes N, and the close restates
    # N's period by the difference (licensing/royalties/late.py).
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("correction of report"),
    )
    status = models.CharField(
        max_length=12, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(default=0)
    good_rows = models.PositiveIntegerField(default=0)
    bad_rows = models.PositiveIntegerField(default=0)
    unmatched_rows = models.PositiveIntegerField(default=0)
    # Good rows held in the out-of-licence queue instead of being stated (outlicence.py).
    held_rows = models.PositiveIntegerField(default=0)
    # Rows held until the licensee maps a channel, format or territory value (UnmappedRow).
    unmapped_rows = models.PositiveIntegerField(default=0, db_default=0)
    progress = models.PositiveSmallIntegerField(default=0)  # percent, for the job page
    # Liveness of the import job (stranded.py): bumped as it reads. A pending or processing
    # report whose heartbeat stopped longer than USAGE_IMPORT_STALE_SECONDS is cleaned and
    # re-queued by beat; ``attempts`` counts the runs that claimed it.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, db_default=0)
    error = models.TextField(blank=True)
    # How a report that stopped for review was posted (review.py): skip the repeated lines,
    # post as a correction, or post anyway; the reason is shown to the licensor.
    review_decision = models.CharField(
        _("review decision"), max_length=12, choices=ReviewDecision.choices, blank=True
    )
    review_reason = models.TextField(_("reason for posting overlapping usage"), blank=True)
    review_skipped = models.PositiveIntegerField(default=0)  # repeated lines not posted
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # The same file, or a second report for the same contract and period, is refused
            # while one is live; replacing marks the old one superseded first.
            models.UniqueConstraint(
                fields=["sha256"], condition=LIVE_REPORT, name="usage_file_once"
            ),
            models.UniqueConstraint(
                fields=["contract", "period"], condition=LIVE_REPORT, name="usage_period_once"
            ),
            # A report is corrected once: a second correction corrects the first.
            models.UniqueConstraint(
                fields=["replaces"], condition=LIVE_REPORT, name="usage_corrected_once"
            ),
        ]
        indexes = [models.Index(fields=["licensee", "period"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.period})"


class UsageLine(models.Model):
    """One accepted row of a report, matched to a work and the contract licensing it."""

    # Lines arrive a million at a time by COPY. A per-row foreign-key check (with its
    # FOR KEY SHARE lock) would double that; instead migration 0003 checks the report of
    # every inserted line once per statement, and refuses deleting a report with lines.
    # The composite index below leads with the report, so no index of its own.
    report = models.ForeignKey(
        UsageReport,
        on_delete=models.PROTECT,
        related_name="lines",
        db_constraint=False,
        db_index=False,
    )
    row_no = models.PositiveIntegerField()
    # No database FK on these two: their ids come from existing rows (the matching), and
    # contracts and works are never deleted (PROTECT in Django; contracts end, works are
    # withdrawn).
    # Nor an index each: usage is read by report, then contract (see Meta).
    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        related_name="usage_lines",
        db_constraint=False,
        db_index=False,
    )
    work = models.ForeignKey(
        Work, on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    territory = models.CharField(max_length=2)
    channel = models.CharField(max_length=16)
    format = models.CharField(max_length=32, blank=True)
    units = models.IntegerField()  # negative for returns
    list_amount = models.DecimalField(**MONEY)  # units × list price
    net_receipts = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    matched_by = models.CharField(max_length=12)  # identifier / rule / fuzzy / manual
    # Hash of what identifies the sale (review.fingerprint): the same line in two of the
    # licensee's reports has the same one. Null on lines posted before it existed.
    fingerprint = models.BigIntegerField(null=True, blank=True)

    class Meta:
        # Each secondary index costs seconds per million lines COPY'd.
        # (report, contract) serves the close (posted reports of a period × contracts),
        # the drill-down (a contract within the period's reports) and everything by report;
        # the fingerprint finds a new report's lines among the licensee's earlier ones.
        indexes = [
            models.Index(fields=["report", "contract"]),
            models.Index(
                fields=["fingerprint"],
                condition=Q(fingerprint__isnull=False),
                name="usage_line_fingerprint",
            ),
        ]


class LateUsage(models.Model):
    """Usage a contract received for a period its close has already passed.

    Recorded when a report posts (a late report, a correction) or queued lines
    are matched by hand; the contract's next close restates the periods by
    difference and names this report on the adjustment lines, then sets
    ``restated_in`` (licensing/royalties/late.py has the rule).
    """

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="late_usage")
    period = models.CharField(max_length=8)
    report = models.ForeignKey(UsageReport, on_delete=models.PROTECT, related_name="late_usage")
    restated_in = models.ForeignKey(
        "RoyaltyPeriod", null=True, blank=True, on_delete=models.PROTECT, related_name="restates"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "period", "report"], name="late_usage_once_per_report"
            )
        ]
        indexes = [
            models.Index(
                fields=["contract"],
                condition=Q(restated_in__isnull=True),
                name="late_usage_pending",
            )
        ]


class QuarantinedRow(models.Model):
    """A bad row's problem, or (``warning``) a sanity rule in warn mode the row passed with."""

    report = models.ForeignKey(UsageReport, on_delete=models.CASCADE, related_name="quarantined")
    row_no = models.PositiveIntegerField()
    field = models.CharField(max_length=40)
    value = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=300)
    warning = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["row_no", "pk"]


class UnmappedRow(models.Model):
    """A row held because a channel, format or territory value maps to nothing.

    Not a bad row (it is not counted against the bad-row threshold): the file's raw
    values are kept (``values``, in ``readers.FIELDS`` order), so that once the licensee
    maps the value the row is checked again and joins the report without a new upload
    (``services.usage_unmapped_resolve``). ``channel`` / ``format`` / ``territory`` hold
    the raw value that is unmapped, "" where that field resolved.
    """

    report = models.ForeignKey(UsageReport, on_delete=models.CASCADE, related_name="unmapped")
    row_no = models.PositiveIntegerField()
    values = models.JSONField()
    channel = models.CharField(max_length=200, blank=True)
    format = models.CharField(max_length=200, blank=True)
    territory = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "row_no"], name="unmapped_row_once"),
            models.CheckConstraint(
                condition=~Q(channel="", format="", territory=""), name="unmapped_row_has_value"
            ),
        ]
        ordering = ["report", "row_no"]


class OutOfLicenceStatus(models.TextChoices):
    HELD = "held", _("Held")
    INVOICED = "invoiced", _("Invoiced")
    ACCEPTED = "accepted", _("Accepted as licensed")
    DISPUTED = "disputed", _("Disputed")


class OutOfLicenceReason(models.TextChoices):
    TERRITORY = "territory", _("territory not licensed")
    CHANNEL = "channel", _("channel not licensed")
    FORMAT = "format", _("format not licensed")
    TERM = "term", _("period outside the licence term")


class OutOfLicenceLine(models.Model):
    """A good, matched row outside its contract's territories, channels or term: held, not
    stated, until the licensor invoices it, accepts it as licensed or disputes it
    (licensing/royalties/outlicence.py)."""

    report = models.ForeignKey(UsageReport, on_delete=models.PROTECT, related_name="held")
    row_no = models.PositiveIntegerField()
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="held_usage")
    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="+")
    territory = models.CharField(max_length=2)
    channel = models.CharField(max_length=16)
    format = models.CharField(max_length=32, blank=True)
    units = models.IntegerField()
    list_amount = models.DecimalField(**MONEY)
    net_receipts = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    matched_by = models.CharField(max_length=12)
    # Hash of what identifies the sale (review.fingerprint): the same line in two of the
    # licensee's reports has the same one. Null on lines posted before it existed.
    fingerprint = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=10, choices=OutOfLicenceReason.choices)
    status = models.CharField(
        max_length=10, choices=OutOfLicenceStatus.choices, default=OutOfLicenceStatus.HELD
    )
    # The invoice an "invoice" action issued (finance; no import of its models here).
    invoice = models.ForeignKey(
        "finance.Invoice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "row_no"], name="held_line_once_per_row")
        ]
        indexes = [models.Index(fields=["contract", "status"])]
        ordering = ["report", "row_no"]


class OutOfLicenceEvent(models.Model):
    """Audit row of the out-of-licence workflow."""

    line = models.ForeignKey(OutOfLicenceLine, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class UnmatchedLine(models.Model):
    """A good row no identifier, remembered match or fuzzy title found a work for."""

    report = models.ForeignKey(UsageReport, on_delete=models.PROTECT, related_name="unmatched")
    row_no = models.PositiveIntegerField()
    match_key = models.CharField(max_length=300)
    identifier = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=300, blank=True)
    creator = models.CharField(max_length=200, blank=True)
    territory = models.CharField(max_length=2)
    channel = models.CharField(max_length=16)
    format = models.CharField(max_length=32, blank=True)
    units = models.IntegerField()
    list_amount = models.DecimalField(**MONEY)
    net_receipts = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    resolved = models.BooleanField(default=False)
    # Hash of what identifies the sale (review.fingerprint): the same line in two of the
    # licensee's reports has the same one. Null on lines posted before it existed.
    fingerprint = models.BigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["report", "match_key"])]


class MatchRule(models.Model):
    """A licensor's hand match, applied to the licensee's next files before fuzzy matching.

    Scoped to the licensor: it applies only to reports filed under that
    licensor's contracts, so one licensor cannot redirect the lines another
    licensor's contracts receive (or overwrite that licensor's rule).
    """

    licensee = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    licensor = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    match_key = models.CharField(max_length=300)
    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["licensee", "licensor", "match_key"], name="one_rule_per_licensor_key"
            )
        ]


class RoyaltyPeriod(models.Model):
    """A contract's closed period: the contract-level figures every payee statement splits."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="royalty_periods")
    period = models.CharField(max_length=8)
    period_start = models.DateField()
    period_end = models.DateField()
    seq = models.PositiveIntegerField()  # 1, 2, … per contract: reserve liquidation counts these
    currency = models.CharField(max_length=3)
    units = models.BigIntegerField(default=0)
    earnings = models.DecimalField(**MONEY, default=Decimal(0))
    adjustments = models.DecimalField(**MONEY, default=Decimal(0))
    reserve_held = models.DecimalField(**MONEY, default=Decimal(0))
    reserve_released = models.DecimalField(**MONEY, default=Decimal(0))
    recouped = models.DecimalField(**MONEY, default=Decimal(0))
    mg_topup = models.DecimalField(**MONEY, default=Decimal(0))
    # Exact minus rounded earnings, carried into the next period's first line.
    residue = models.DecimalField(**EXACT, default=Decimal(0))
    # Cumulative units per rate rule after this period: {"<rule index>": units}. After a
    # restatement, the position of the restated chain (late.py), not of this period alone.
    cumulative_units = models.JSONField(default=dict)
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contract", "period"], name="one_close_per_period"),
            models.UniqueConstraint(fields=["contract", "seq"], name="period_seq_unique"),
        ]
        ordering = ["contract", "seq"]


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CLOSED = "closed", _("Closed")


class TaxBasis(models.TextChoices):
    """Why a statement's withholding rate is the one it is (docs/royalties.md)."""

    TREATY = "treaty", _("Treaty rate")
    DOMESTIC = "domestic", _("Domestic rate for non-residents")
    RESIDENT = "resident", _("Payee resident in the payer's country")


class Statement(models.Model):
    """What one payee earned under one contract in one period; immutable once closed.

    Amounts are in the contract currency; ``*_stmt`` fields in the statement
    currency at ``fx_rate`` (``fx_source``, ``fx_as_of``).
    """

    royalty_period = models.ForeignKey(
        RoyaltyPeriod, on_delete=models.PROTECT, related_name="statements"
    )
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="statements")
    payee = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="royalty_statements")
    period = models.CharField(max_length=8)
    period_start = models.DateField()
    period_end = models.DateField()
    share_percent = models.DecimalField(max_digits=7, decimal_places=4)
    currency = models.CharField(max_length=3)
    statement_currency = models.CharField(max_length=3)
    fx_rate = models.DecimalField(max_digits=24, decimal_places=10)
    fx_source = models.CharField(max_length=100)
    fx_as_of = models.DateField()
    language = models.CharField(max_length=16)
    opening_balance = models.DecimalField(**MONEY)
    earnings = models.DecimalField(**MONEY)
    adjustments = models.DecimalField(**MONEY)
    reserve_held = models.DecimalField(**MONEY)
    reserve_released = models.DecimalField(**MONEY)
    recouped = models.DecimalField(**MONEY)
    mg_topup = models.DecimalField(**MONEY)
    tax_rate = models.DecimalField(max_digits=7, decimal_places=4)
    tax_source = models.CharField(max_length=200, blank=True)
    # How the rate was chosen: the payee's accepted tax residency on the period's last day
    # (finance.tax), copied here at the close so a later change of it leaves this as it was.
    tax_basis = models.CharField(max_length=10, choices=TaxBasis.choices, blank=True)
    tax_residence = models.CharField(max_length=2, blank=True)
    tax_article = models.CharField(max_length=120, blank=True)
    tax_residency = models.ForeignKey(
        "tax.TaxResidency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tax = models.DecimalField(**MONEY)
    closing_balance = models.DecimalField(**MONEY)
    amount_payable = models.DecimalField(**MONEY)
    carried_forward = models.DecimalField(**MONEY)
    earnings_stmt = models.DecimalField(**MONEY)
    amount_payable_stmt = models.DecimalField(**MONEY)
    status = models.CharField(
        max_length=8, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "period", "payee"], name="one_statement_per_payee"
            ),
            models.CheckConstraint(condition=Q(amount_payable__gte=0), name="payable_not_negative"),
        ]
        indexes = [models.Index(fields=["payee", "period_start"])]
        ordering = ["-period_start", "contract_id", "payee_id"]

    def __str__(self) -> str:
        return f"{self.contract} {self.period} {self.payee}"

    @property
    def reference(self) -> str:
        return f"RS-{self.contract.reference}-{self.period}-{self.payee_id}"

    @property
    def tax_basis_text(self) -> str:
        """Which withholding rate applied and why, in the active language."""
        country = country_name(self.tax_residence) if self.tax_residence else ""
        if self.tax_basis == TaxBasis.TREATY:
            return _(
                "Treaty rate: resident of %(country)s with an accepted certificate of "
                "residence, %(article)s"
            ) % {"country": country, "article": self.tax_article}
        if self.tax_basis == TaxBasis.DOMESTIC:
            return _("Domestic rate for non-residents: no accepted treaty claim on %(date)s") % {
                "date": format_date(self.period_end)
            }
        if self.tax_basis == TaxBasis.RESIDENT:
            return _("Payee resident in %(country)s, the payer's country") % {"country": country}
        return ""

    @property
    def ledger_key(self) -> str:
        """Idempotency key of the statement's journal entry (posted after the close commits)."""
        return self.ledger_key_for(self.contract_id, self.period, self.payee_id)

    @staticmethod
    def ledger_key_for(contract_id: int, period: str, payee_id: int) -> str:
        return f"royalty-statement:{contract_id}:{period}:{payee_id}"

    @property
    def journal_entry(self):
        return journal_entry_for_key(self.ledger_key)


class LineKind(models.TextChoices):
    EARNINGS = "earnings", _("Earnings")
    ADJUSTMENT = "adjustment", _("Adjustment")
    RESERVE_HELD = "reserve_held", _("Reserve against returns")
    RESERVE_RELEASED = "reserve_released", _("Reserve released")
    RECOUPMENT = "recoupment", _("Advance recoupment")
    MG_TOPUP = "mg_topup", _("Minimum-guarantee top-up")
    TAX = "tax", _("Withholding tax")


class StatementLine(models.Model):
    # A close writes hundreds of thousands of lines by COPY: statement and work are
    # checked once per statement by migration 0003's triggers, not per row; the unique
    # (statement, position) index serves look-ups by statement.
    statement = models.ForeignKey(
        Statement,
        on_delete=models.PROTECT,
        related_name="lines",
        db_constraint=False,
        db_index=False,
    )
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=LineKind.choices)
    work = models.ForeignKey(
        Work,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    channel = models.CharField(max_length=16, blank=True)
    territory = models.CharField(max_length=2, blank=True)
    format = models.CharField(max_length=32, blank=True)
    units = models.BigIntegerField(default=0)
    basis_amount = models.DecimalField(**MONEY, default=Decimal(0))
    rate = models.CharField(max_length=80, blank=True)  # "10 % → 12 % of list price"
    amount = models.DecimalField(**MONEY)
    amount_stmt = models.DecimalField(**MONEY)
    # For adjustments: the period restated, what changed in words, and the report whose
    # usage arrived late (none when only the escalator position moved).
    description = models.CharField(max_length=500, blank=True)
    restates_period = models.CharField(max_length=8, blank=True)
    # No database FK: statement lines are COPY'd (see above); reports are never deleted.
    source_report = models.ForeignKey(
        UsageReport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        ordering = ["statement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "position"], name="line_position_unique")
        ]
