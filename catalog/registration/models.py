"""Registration applications, their audit trail, registration numbers and certificates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import Party, Work


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("Screening")
    IN_EXAMINATION = "in_examination", _("In examination")
    NEEDS_CORRECTION = "needs_correction", _("Needs correction")
    REGISTERED = "registered", _("Registered")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (Status.SUBMITTED, Status.SCREENING, Status.IN_EXAMINATION, Status.NEEDS_CORRECTION)


class Application(models.Model):
    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="applications")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registration_applications"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    fast_track = models.BooleanField(_("fast track"), default=False)
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="examined_applications",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)  # SLA, in working days from submission
    decided_at = models.DateTimeField(null=True, blank=True)
    # Screening outcome: sensitive-word hits and similarity hits, summarised for the examiner.
    screening = models.JSONField(default=dict, blank=True)
    held = models.BooleanField(default=False)  # near-copy of a protected mark etc.
    hold_reason = models.TextField(blank=True)
    hold_overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(max_length=32, unique=True, null=True, blank=True)
    registered_at = models.DateTimeField(null=True, blank=True)
    batch = models.ForeignKey(
        "Batch", null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            # A work is registered once; reapplying after a rejection is a new application.
            models.UniqueConstraint(
                fields=["work"],
                condition=models.Q(status="registered"),
                name="one_registration_per_work",
            ),
            models.CheckConstraint(
                condition=models.Q(status="registered", number__isnull=False)
                | ~models.Q(status="registered"),
                name="registered_has_number",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"APP-{self.pk}"


class Transition(models.Model):
    """Audit row: one per status change, never edited."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class Comment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    internal = models.BooleanField(default=False)  # examiner notes the applicant never sees
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class NumberSequence(models.Model):
    """Last registration number issued per year; the row lock makes numbers gapless."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_value = models.PositiveIntegerField(default=0)


class Certificate(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="certificates"
    )
    version = models.PositiveSmallIntegerField()
    language = models.CharField(max_length=10)
    pdf = models.FileField(upload_to="certificates/")
    sha256 = models.CharField(max_length=64)
    evidence_seq = models.BigIntegerField(null=True, blank=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "version"], name="certificate_version_unique"
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(superseded_at__isnull=True),
                name="one_current_certificate",
            ),
        ]

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class Batch(models.Model):
    """Applications filed together (a selection of works, or a catalogue upload).

    The applicant party, contact and declaration are entered once here; every application
    of the batch still has its own status, audit rows, number and certificate.
    """

    applicant = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="registration_batches"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField(_("contact name"), max_length=255)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    # The declaration as the applicant read and accepted it, in the language it was shown in.
    declaration = models.TextField()
    declared_at = models.DateTimeField()
    fast_track = models.BooleanField(_("fast track"), default=False)
    # Submitting is a job (evidence deposits take time): how many of the batch's drafts with
    # files it takes on, how many it has tried, and when it finished.
    filing_total = models.PositiveIntegerField(default=0)
    filing_done = models.PositiveIntegerField(default=0)
    filing_finished_at = models.DateTimeField(null=True, blank=True)
    filing_error = models.TextField(blank=True)
    # The catalogue upload whose works were filed ("register this upload"), if any.
    upload = models.ForeignKey(
        "catalog.CatalogueUpload",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registration_batches",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"BATCH-{self.pk}"

    @property
    def filing_progress(self) -> int:
        if not self.filing_total:
            return 100
        return min(100, self.filing_done * 100 // self.filing_total)

    @property
    def filing_status_label(self) -> str:
        if self.filing_error:
            return str(_("Failed"))
        return str(_("Done") if self.filing_finished_at else _("Running"))


class BatchDecision(models.Model):
    """An examiner's "register all that pass screening, hold the rest" over a batch.

    A job applies it application by application through the workflow, so each keeps its
    own audit row, number and certificate; ``BatchOutcome`` rows record what happened.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="decisions")
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)  # added to the reason of every held application
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Two examiners pressing "decide" at once start one job, not two.
            models.UniqueConstraint(
                fields=["batch"],
                condition=models.Q(state__in=["queued", "running"]),
                name="one_open_decision_per_batch",
            ),
        ]

    @property
    def progress(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)


class BatchOutcome(models.Model):
    """What a batch decision did to one application (written once: a rerun skips it)."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        HELD = "held", _("Held")
        SKIPPED = "skipped", _("Not decided")

    decision = models.ForeignKey(BatchDecision, on_delete=models.CASCADE, related_name="outcomes")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "application"], name="batch_outcome_once"),
        ]
