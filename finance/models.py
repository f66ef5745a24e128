"""Double-entry ledger and FX rates.

A JournalEntry has two or more Postings whose amounts sum to zero per
currency (debit > 0, credit < 0). PostgreSQL enforces it with a deferred
constraint trigger (checked at commit, so postings can be inserted one by
one) and refuses UPDATE and DELETE on both tables: a mistake is corrected by
a reversing entry (``reverses``), never by an edit. See migration 0002.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.kernel.history import audited
from catalog.kernel.money import Money
from catalog.models import Party


class AccountKind(models.TextChoices):
    RECEIVABLE = "receivable", _("Receivable")
    PAYABLE = "payable", _("Payable")
    # Owed to a payee for an invoice the payer has not paid yet: not payable out.
    PAYABLE_PENDING = "payable_pending", _("Payable (awaiting payment)")
    REVENUE = "revenue", _("Platform revenue")
    TAX_WITHHELD = "tax_withheld", _("Tax withheld")
    CASH_IN_TRANSIT = "cash_in_transit", _("Cash in transit")
    RESERVE = "reserve", _("Reserve")
    ADVANCE = "advance", _("Advances (recoupable)")
    ESCROW = "escrow", _("Escrow (pledgee-controlled)")
    BANK = "bank", _("Bank")
    FX_GAIN_LOSS = "fx_gain_loss", _("FX gain / loss")
    SUSPENSE = "suspense", _("Suspense")
    PROCESSING_FEES = "processing_fees", _("Payment processing fees")


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
    # Indexed with the id (Meta): the balance trigger asks for an entry's last posting.
    entry = models.ForeignKey(
        JournalEntry, on_delete=models.PROTECT, related_name="postings", db_index=False
    )
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    # Four places hold every Stripe currency (KWD has three); amounts are
    # rounded to the currency's minor unit before they get here.
    amount = models.DecimalField(max_digits=24, decimal_places=4)
    currency = models.CharField(max_length=3)  # = account.currency (trigger-checked)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="posting_not_zero"),
        ]
        indexes = [
            models.Index(fields=["account", "entry"]),
            models.Index(fields=["entry", "id"], name="posting_entry_last"),
        ]

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


# --- invoices ----------------------------------------------------------------


class InvoiceStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAID = "paid", _("Paid")
    PARTLY_REFUNDED = "partly_refunded", _("Partly refunded")
    REFUNDED = "refunded", _("Refunded")
    VOID = "void", _("Void")


class LineKind(models.TextChoices):
    FLAT_FEE = "flat_fee", _("Flat fee")
    ADVANCE = "advance", _("Advance")
    MINIMUM_GUARANTEE = "minimum_guarantee", _("Minimum guarantee")
    ROYALTY = "royalty", _("Royalty")
    SETTLEMENT = "settlement", _("Settlement")
    OTHER = "other", _("Other")


class Invoice(models.Model):
    """A bill from ``payee`` (via the platform) to ``payer``, in one currency.

    Amounts are Decimals in the currency's minor unit. ``amount_due`` is the
    gross (net lines + tax); ``amount_paid`` and ``amount_refunded`` only grow,
    from Stripe events (see ``finance.payments.stripe_events``).
    """

    number = models.CharField(max_length=24, unique=True)  # INV-2026-000001
    idempotency_key = models.CharField(max_length=200, unique=True)
    payer = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="invoices_to_pay")
    payee = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="invoices_issued")
    currency = models.CharField(max_length=3)
    subject = models.CharField(max_length=100, db_index=True)
    language = models.CharField(max_length=16)
    due_on = models.DateField()
    status = models.CharField(
        max_length=16, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN
    )
    amount_net = models.DecimalField(max_digits=24, decimal_places=4)
    amount_tax = models.DecimalField(max_digits=24, decimal_places=4)
    amount_due = models.DecimalField(max_digits=24, decimal_places=4)
    commission_percent = models.DecimalField(max_digits=6, decimal_places=3)
    commission_amount = models.DecimalField(max_digits=24, decimal_places=4)
    amount_paid = models.DecimalField(max_digits=24, decimal_places=4, default=Decimal(0))
    amount_refunded = models.DecimalField(max_digits=24, decimal_places=4, default=Decimal(0))
    issue_entry = models.OneToOneField(
        JournalEntry, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name="invoice_iso"),
            models.CheckConstraint(condition=Q(amount_due__gt=0), name="invoice_due_positive"),
            models.CheckConstraint(
                condition=Q(amount_due=models.F("amount_net") + models.F("amount_tax")),
                name="invoice_due_is_net_plus_tax",
            ),
            models.CheckConstraint(
                condition=Q(amount_paid__gte=0)
                & Q(amount_refunded__gte=0)
                & Q(amount_refunded__lte=models.F("amount_paid")),
                name="invoice_refund_within_paid",
            ),
            models.CheckConstraint(
                condition=Q(commission_amount__gte=0)
                & Q(commission_amount__lte=models.F("amount_net")),
                name="invoice_commission_within_net",
            ),
            models.CheckConstraint(
                condition=Q(status__in=InvoiceStatus.values), name="invoice_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["payer", "status"]), models.Index(fields=["payee"])]

    def __str__(self) -> str:
        return self.number

    @property
    def money_due(self) -> Money:
        return Money(self.amount_due, self.currency)

    @property
    def payee_share(self) -> Decimal:
        return self.amount_net - self.commission_amount

    @property
    def balance_due(self) -> Decimal:
        return (
            self.amount_due - self.amount_paid if self.status == InvoiceStatus.OPEN else Decimal(0)
        )


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=LineKind.choices)
    description = models.CharField(max_length=300)
    amount = models.DecimalField(max_digits=24, decimal_places=4)  # net
    tax_rate_percent = models.DecimalField(max_digits=6, decimal_places=3, default=Decimal(0))
    tax_amount = models.DecimalField(max_digits=24, decimal_places=4, default=Decimal(0))

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoice_line_position"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="invoice_line_positive"),
            models.CheckConstraint(
                condition=Q(tax_rate_percent__gte=0) & Q(tax_rate_percent__lt=100),
                name="invoice_line_tax_rate",
            ),
        ]


class InvoiceEvent(models.Model):
    """Audit trail: every status change and money movement of an invoice."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    # Who voided it; empty for what Stripe reported (payments, refunds) and for issuing.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


# --- Stripe --------------------------------------------------------------------


class PaymentAttempt(models.Model):
    """One PaymentIntent created for an invoice (attempt n → idempotency key)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    payment_intent_id = models.CharField(max_length=100, unique=True)
    client_secret = models.CharField(max_length=200)
    amount_minor = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invoice", "number"], name="one_attempt_number"),
        ]


class Payment(models.Model):
    """Money received for an invoice: one succeeded PaymentIntent."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    payment_intent_id = models.CharField(max_length=100, unique=True)
    charge_id = models.CharField(max_length=100, blank=True, db_index=True)
    amount = models.DecimalField(max_digits=24, decimal_places=4)
    currency = models.CharField(max_length=3)
    # Stripe's payment_method_details.type of the charge (card, alipay, promptpay …).
    method = models.CharField(max_length=40, blank=True)
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(auto_now_add=True)


class PaymentFailure(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="failures")
    event_id = models.CharField(max_length=100, unique=True)
    payment_intent_id = models.CharField(max_length=100)
    code = models.CharField(max_length=100, blank=True)
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class Refund(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="refunds")
    refund_id = models.CharField(max_length=100, unique=True)
    charge_id = models.CharField(max_length=100)
    amount = models.DecimalField(max_digits=24, decimal_places=4)
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="+")
    # Stripe reported the refund failed or cancelled after it was booked: entry reversed.
    failed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="refund_positive")]


class InvoiceNumberSequence(models.Model):
    """Last invoice number per year; the row lock in the issuing transaction keeps it gapless."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_value = models.PositiveIntegerField(default=0)


class RefundReason(models.TextChoices):
    REQUESTED_BY_CUSTOMER = "requested_by_customer", _("Requested by the buyer")
    DUPLICATE = "duplicate", _("Paid twice")
    FRAUDULENT = "fraudulent", _("Fraudulent payment")
    CONTRACT_CANCELLED = "contract_cancelled", _("Contract cancelled or reduced")
    BILLING_ERROR = "billing_error", _("Invoiced in error")
    OTHER = "other", _("Other")


class RefundRequestStatus(models.TextChoices):
    PENDING = "pending", _("Sent to Stripe")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Failed")


class RefundRequest(models.Model):
    """A refund staff asked Stripe for (the webhook books it as a ``Refund``).

    It counts against the refundable amount from the moment it is asked, so two
    requests made before Stripe's events arrive cannot together exceed what was paid.
    """

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="refund_requests")
    amount = models.DecimalField(max_digits=24, decimal_places=4)
    reason = models.CharField(max_length=24, choices=RefundReason.choices)
    note = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=RefundRequestStatus.choices, default=RefundRequestStatus.PENDING
    )
    refund_id = models.CharField(max_length=100, blank=True, db_index=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_request_positive"),
        ]


class ChargebackOutcome(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Won: funds returned")
    LOST = "lost", _("Lost")


class Chargeback(models.Model):
    """A Stripe dispute on a charge: the disputed amount is held in reserve until it closes
    (won: released; lost: booked as a loss, the licensor's share reversed)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="chargebacks")
    dispute_id = models.CharField(max_length=100, unique=True)
    charge_id = models.CharField(max_length=100)
    amount = models.DecimalField(max_digits=24, decimal_places=4)
    reason = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=40, blank=True)
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(
        max_length=8, choices=ChargebackOutcome.choices, default=ChargebackOutcome.OPEN
    )
    close_entry = models.OneToOneField(
        JournalEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="open", close_entry__isnull=True)
                | (~Q(outcome="open") & Q(close_entry__isnull=False)),
                name="chargeback_closed_has_entry",
            ),
        ]


class StripeEventState(models.TextChoices):
    RECEIVED = "received", _("Received")
    PARKED = "parked", _("Waiting for an earlier event")
    PROCESSED = "processed", _("Processed")
    IGNORED = "ignored", _("Ignored")


class StripeEvent(models.Model):
    """A verified webhook delivery, stored once per Stripe event id."""

    event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100)
    payload = models.JSONField()
    state = models.CharField(
        max_length=12, choices=StripeEventState.choices, default=StripeEventState.RECEIVED
    )
    # Stripe object id (a PaymentIntent) whose success this event needs first.
    waiting_for = models.CharField(max_length=100, blank=True, db_index=True)
    deliveries = models.PositiveIntegerField(default=1)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state"])]


# --- payouts -------------------------------------------------------------------


class PayoutProvider(models.TextChoices):
    STRIPE = "stripe", _("Stripe Connect transfer")
    PAIN001 = "pain001", _("Bank transfer (ISO 20022 pain.001)")


# Where royalties are paid: the first thing a fraudster changes. Audited.
@audited(
    model_name="PayeeProfileEvent",
    fields=[
        "party",
        "method",
        "stripe_account_id",
        "account_holder",
        "bank_country",
        "currency",
        "iban",
        "account_number",
        "bic",
        "clearing_system",
        "bank_code",
        "branch_code",
        "bank_details_usable_from",
    ],
)
class PayeeProfile(models.Model):
    """How a party is paid: a Stripe connected account and/or a bank account.

    Bank accounts follow the country's own scheme: an IBAN where the country uses one,
    otherwise an account number with the bank's BIC and, where the country's clearing
    system needs it, its member id (``clearing_system`` is the ISO 20022
    ExternalClearingSystemIdentification1Code, e.g. CNAPS; ``bank_code`` the member id,
    ``branch_code`` the branch where the scheme has one). A change of bank details is
    only used by payouts from ``bank_details_usable_from`` on (the cooling-off period).
    """

    party = models.OneToOneField(Party, on_delete=models.PROTECT, related_name="payee_profile")
    method = models.CharField(max_length=10, choices=PayoutProvider.choices, blank=True)
    stripe_account_id = models.CharField(max_length=100, blank=True)
    # What Stripe last said about the connected account (Account object, account.updated).
    charges_enabled = models.BooleanField(default=False)
    payouts_enabled = models.BooleanField(default=False)
    details_submitted = models.BooleanField(default=False)
    requirements_due = models.JSONField(default=list, blank=True)
    stripe_synced_at = models.DateTimeField(null=True, blank=True)
    account_holder = models.CharField(max_length=140, blank=True)
    bank_country = models.CharField(max_length=2, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    iban = models.CharField(max_length=34, blank=True)
    account_number = models.CharField(max_length=34, blank=True)
    bic = models.CharField(max_length=11, blank=True)
    clearing_system = models.CharField(max_length=5, blank=True)
    bank_code = models.CharField(max_length=35, blank=True)
    branch_code = models.CharField(max_length=35, blank=True)
    bank_details_usable_from = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class PayoutRunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")


class PayoutRun(models.Model):
    provider = models.CharField(max_length=10, choices=PayoutProvider.choices)
    currency = models.CharField(max_length=3, blank=True)  # blank = every currency
    status = models.CharField(
        max_length=10, choices=PayoutRunStatus.choices, default=PayoutRunStatus.RUNNING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class PayoutFile(models.Model):
    """One pain.001.001.09 file of a run: the payouts in one currency from one debtor account.

    Banks take a file per debiting account, so a run paying USD and CNY from two of
    the platform's accounts makes two files. ``xml`` passed the ISO 20022 schema
    before it was stored; ``message_id`` is its GrpHdr/MsgId, which a bank refuses
    to process twice.
    """

    run = models.ForeignKey(PayoutRun, on_delete=models.PROTECT, related_name="files")
    debtor_account = models.CharField(max_length=12)  # key in PAYOUT_DEBTOR_ACCOUNTS
    currency = models.CharField(max_length=3)
    message_id = models.CharField(max_length=35, unique=True)
    transactions = models.PositiveIntegerField()
    control_sum = models.DecimalField(max_digits=24, decimal_places=4)
    xml = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run", "debtor_account", "currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "debtor_account", "currency"], name="payout_file_once_per_run"
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="payout_file_currency_iso"
            ),
        ]

    @property
    def filename(self) -> str:
        return f"{self.message_id}.xml"


class PayoutStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUBMITTED = "submitted", _("Submitted")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")


class Payout(models.Model):
    """Money owed to one payee in one currency, paid by one provider call keyed by its id."""

    run = models.ForeignKey(PayoutRun, on_delete=models.PROTECT, related_name="payouts")
    payee = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="payouts")
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(max_digits=24, decimal_places=4)
    status = models.CharField(
        max_length=10, choices=PayoutStatus.choices, default=PayoutStatus.PENDING
    )
    provider_ref = models.CharField(max_length=100, blank=True)
    error = models.CharField(max_length=500, blank=True)
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "payee", "currency"], name="payout_once_per_run"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_positive"),
        ]


class RemittedDocument(models.TextChoices):
    # ISO 20022 DocumentType6Code: what the payout's structured remittance names.
    STATEMENT = "SOAC", _("Royalty statement")
    INVOICE = "CINV", _("Invoice")


class PayoutItem(models.Model):
    """A statement or invoice whose credit to the payee's payable account a payout settles.

    Written with the payout (``payout_run_start``): every such credit not named by a
    payout that is still alive (a failed payout's items no longer count), so the
    pain.001 remittance names exactly the statements and invoices the money is for.
    """

    payout = models.ForeignKey(Payout, on_delete=models.PROTECT, related_name="items")
    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="+")
    document_type = models.CharField(max_length=4, choices=RemittedDocument.choices)
    number = models.CharField(max_length=35)
    document_date = models.DateField()
    amount = models.DecimalField(max_digits=24, decimal_places=4)  # what it made payable

    class Meta:
        ordering = ["document_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["payout", "posting"], name="payout_item_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_item_positive"),
        ]
