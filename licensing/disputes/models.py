"""Dispute cases, their parties, sessions, evidence, settlements and batches.

A case links to what it is about through a generic relation (contract,
royalty statement, registration application) so this app needs no import of
packages written beside it. Every status change writes a ``CaseEvent``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.evidence.models import EvidenceEntry
from catalog.models import Party, Work


class CaseType(models.TextChoices):
    INFRINGEMENT = "infringement", _("Infringement complaint")
    OWNERSHIP = "ownership", _("Ownership dispute")
    CONTRACT = "contract", _("Contract dispute")
    ROYALTY = "royalty", _("Royalty dispute")
    REGISTRATION = "registration", _("Registration objection")


class CaseStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    MEDIATING = "mediating", _("In mediation")
    SETTLING = "settling", _("Settlement awaiting signatures")
    SETTLED = "settled", _("Settled")
    FAILED = "failed", _("Failed — referred to court")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A work is "under dispute" while any case about it is in one of these.
OPEN_STATUSES = (
    CaseStatus.FILED,
    CaseStatus.ACCEPTED,
    CaseStatus.MEDIATING,
    CaseStatus.SETTLING,
)
CLOSED_STATUSES = (CaseStatus.SETTLED, CaseStatus.FAILED, CaseStatus.WITHDRAWN)


class Remedy(models.TextChoices):
    TAKEDOWN = "takedown", _("Stop the infringement / take down")
    DAMAGES = "damages", _("Compensation")
    LICENCE = "licence", _("Grant of a licence")
    OWNERSHIP = "ownership", _("Recognition / transfer of ownership")
    APOLOGY = "apology", _("Public apology")
    PAYMENT = "payment", _("Payment of sums due")
    CORRECTION = "correction", _("Correction of the register")


class CaseNumberSequence(models.Model):
    """Last case number issued per year; bumped in the filing transaction (gapless)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_value = models.PositiveIntegerField(default=0)


class Batch(models.Model):
    class Kind(models.TextChoices):
        SAME_PAIR = "same_pair", _("Same claimant and respondent")
        SAME_RESPONDENT = "same_respondent", _("Same respondent, several claimants")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dispute_batches"
    )
    respondent_key = models.CharField(max_length=300)
    claimant_key = models.CharField(max_length=300, blank=True)
    outcomes_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    source_ref = models.CharField(max_length=128, unique=True, null=True, blank=True)

    def __str__(self) -> str:
        return f"B-{self.pk}"


class Case(models.Model):
    number = models.CharField(max_length=20, unique=True)  # DSP-2026-000001
    case_type = models.CharField(max_length=16, choices=CaseType.choices)
    status = models.CharField(max_length=12, choices=CaseStatus.choices, default=CaseStatus.FILED)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language of the proceedings"), max_length=10)
    works = models.ManyToManyField(Work, blank=True, related_name="dispute_cases")
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    claimed_amount = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    remedies = ArrayField(models.CharField(max_length=16, choices=Remedy.choices), default=list)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediated_cases",
    )
    batch = models.ForeignKey(
        Batch, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    filed_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    outcome_note = models.TextField(blank=True)
    court_file = models.FileField(upload_to="disputes/court/%Y/", blank=True)
    court_file_sha256 = models.CharField(max_length=64, blank=True)
    source_ref = models.CharField(max_length=128, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["-filed_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["mediator", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__regex=r"^DSP-[0-9]{4}-[0-9]{6}$"), name="case_number_format"
            ),
            models.CheckConstraint(
                condition=Q(claimed_amount__isnull=True) | Q(claimed_amount__gte=0),
                name="case_claim_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(claimed_amount__isnull=True) | Q(currency__regex=r"^[A-Z]{3}$"),
                name="case_claim_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["filed", "rejected"])
                | Q(status="withdrawn", accepted_at__isnull=True)
                | Q(accepted_at__isnull=False, deadline__isnull=False),
                name="case_accepted_has_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["mediating", "settling", "settled"])
                | Q(mediator__isnull=False),
                name="case_mediation_has_mediator",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["settled", "failed", "withdrawn", "rejected"])
                | Q(closed_at__isnull=False),
                name="case_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseParty(models.Model):
    class Role(models.TextChoices):
        CLAIMANT = "claimant", _("Claimant")
        RESPONDENT = "respondent", _("Respondent")
        AGENT = "agent", _("Agent of the claimant")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=10, choices=Role.choices)
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="dispute_roles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispute_roles",
    )
    name = models.CharField(_("name"), max_length=255)
    email = models.EmailField(_("email"), blank=True)
    url = models.URLField(_("shop or web address"), max_length=500, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    language = models.CharField(_("language"), max_length=10)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")

    class Meta:
        ordering = ["case", "role", "pk"]
        constraints = [
            # One claimant, one respondent, at most one agent: a multi-party complaint
            # is filed as several cases and grouped into a batch.
            models.UniqueConstraint(fields=["case", "role"], name="one_case_party_per_role"),
            models.CheckConstraint(
                condition=Q(party__isnull=False)
                | Q(user__isnull=False)
                | ~Q(email="")
                | ~Q(url=""),
                name="case_party_reachable",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def identity_key(self) -> str:
        """Who this is, for grouping cases into batches: party, else email, else URL, else name."""
        if self.party_id:
            return f"party:{self.party_id}"
        if self.email:
            return f"email:{self.email.strip().lower()}"
        if self.url:
            return f"url:{self.url.strip().lower().rstrip('/')}"
        return f"name:{self.name.strip().lower()}"


class CaseEvent(models.Model):
    """Audit row of every transition and notable act on a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=12, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=CaseStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]


class CaseEvidence(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence")
    entry = models.ForeignKey(EvidenceEntry, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("description"), max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    submitted_by = models.ForeignKey(
        CaseParty, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "entry"], name="case_evidence_once"),
        ]


class Session(models.Model):
    """A mediation session of one case or of a whole batch."""

    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )
    batch = models.ForeignKey(
        Batch, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(case__isnull=False) & Q(batch__isnull=True))
                | (Q(case__isnull=True) & Q(batch__isnull=False)),
                name="session_for_case_or_batch",
            ),
        ]


class SessionReminder(models.Model):
    """One reminder e-mail per session and party: the unique row makes the task idempotent."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reminders")
    case_party = models.ForeignKey(CaseParty, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)  # "scheduled" (notice) | "upcoming" (day before)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "case_party", "kind"], name="one_reminder_per_kind"
            ),
        ]


class Settlement(models.Model):
    """The agreement closing a case: amounts, payment schedule, licence or transfer."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="settlement")
    amount = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    currency = models.CharField(max_length=3, blank=True)
    # [{"due_on": "2026-05-01", "amount": "1000.00"}, ...] — sums to ``amount``.
    payment_schedule = models.JSONField(default=list, blank=True)
    terms_text = models.TextField(_("terms"), blank=True)
    # {"work_id", "right_type", "territories", "languages", "start", "end", "exclusive"}
    licence = models.JSONField(null=True, blank=True)
    # {"work_id": 1, "to": "claimant"|"respondent"} — all ownership shares move.
    transfer = models.JSONField(null=True, blank=True)
    document = models.FileField(upload_to="disputes/settlements/%Y/", blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    document_evidence = models.ForeignKey(
        EvidenceEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    effects_applied = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="settlement_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount=0) | Q(currency__regex=r"^[A-Z]{3}$"),
                name="settlement_has_currency",
            ),
        ]


class SettlementSignature(models.Model):
    """A click-to-sign of the settlement by one side: who, when, from where, which document."""

    settlement = models.ForeignKey(Settlement, on_delete=models.PROTECT, related_name="signatures")
    case_party = models.ForeignKey(CaseParty, on_delete=models.PROTECT, related_name="+")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    document_sha256 = models.CharField(max_length=64)
    evidence = models.ForeignKey(EvidenceEntry, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["settlement", "case_party"], name="one_settlement_signature_per_party"
            ),
        ]


class MediatorProfile(models.Model):
    """What a mediator takes on; without a profile: their preferred language, every type."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mediator_profile"
    )
    languages = ArrayField(models.CharField(max_length=10), default=list, blank=True)
    case_types = ArrayField(
        models.CharField(max_length=16, choices=CaseType.choices), default=list, blank=True
    )
    max_open_cases = models.PositiveIntegerField(default=50)
    active = models.BooleanField(default=True)


class Invitation(models.Model):
    """A link e-mailed to a case party's address; accepting it links the reader's account.

    The address on a case row is typed by whoever filed the case, so on its own it
    proves nothing about an account that happens to carry it. The link carries a
    signed, timestamped token naming this row (licensing/disputes/identity.py): the
    signature stops forged links, the timestamp and ``DISPUTES_INVITATION_MAX_AGE``
    expire it, and ``accepted_at`` makes it single-use.
    """

    case_party = models.ForeignKey(CaseParty, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set when a newer invitation to the same row replaces this one.
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True, accepted_by__isnull=True)
                | Q(accepted_at__isnull=False, accepted_by__isnull=False, revoked_at__isnull=True),
                name="invitation_accepted_by_someone",
            ),
            models.UniqueConstraint(
                fields=["case_party"],
                condition=Q(accepted_at__isnull=False),
                name="one_accepted_invitation_per_case_party",
            ),
        ]


class Agency(models.Model):
    """An agent's recorded authority to act for a principal side of a case.

    Anyone can say they act for someone; only a confirmation by the principal (its
    own user, or a member of its registered party) gives the agent the principal's
    hand. Until ``confirmed_at``, and after ``revoked_at``, the agent is only itself.
    """

    class Scope(models.TextChoices):
        CONDUCT = "conduct", _("Conduct the case (evidence, sessions)")
        SIGN = "sign", _("Conduct the case, sign the settlement and withdraw")

    agent = models.ForeignKey(CaseParty, on_delete=models.CASCADE, related_name="agencies")
    principal = models.ForeignKey(CaseParty, on_delete=models.CASCADE, related_name="agents")
    scope = models.CharField(_("authority"), max_length=8, choices=Scope.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name_plural = "agencies"
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True, confirmed_by__isnull=True)
                | Q(confirmed_at__isnull=False, confirmed_by__isnull=False),
                name="agency_confirmed_by_someone",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | Q(revoked_at__isnull=False, revoked_by__isnull=False),
                name="agency_revoked_by_someone",
            ),
            models.CheckConstraint(
                condition=~Q(agent=models.F("principal")), name="agency_not_own_principal"
            ),
            models.UniqueConstraint(
                fields=["agent", "principal"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_agency_per_pair",
            ),
        ]

    @property
    def is_live(self) -> bool:
        return self.confirmed_at is not None and self.revoked_at is None
