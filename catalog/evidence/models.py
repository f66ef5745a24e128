"""The evidence chain and its daily Merkle roots.

Both tables are append-only: PostgreSQL triggers (migration 0001) refuse
UPDATE, DELETE and TRUNCATE, and a BEFORE INSERT trigger refuses an entry
that does not link to the one before it. The hash chain itself is what makes
tampering *evident*; the triggers make it hard to do by accident.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64
DAILY_ROOT_KIND = "daily_root"  # the chain entry that anchors a DailyRoot


def _is_hex64(field: str) -> models.Q:
    # Length plus a negated class, not "^[0-9a-f]{64}$": PostgreSQL's regex engine
    # makes the bounded repeat ~10x slower, which showed in bulk deposits.
    return models.Q(models.lookups.Exact(Length(field), 64)) & ~models.Q(
        **{f"{field}__regex": "[^0-9a-f]"}
    )


class EvidenceEntry(models.Model):
    """One deposit: the SHA-256 of some content, fixed in time and linked to the previous entry.

    ``subject`` is a free reference ("catalog.workfile:42") rather than a
    foreign key, so any package (contracts, disputes, messages) can deposit
    without this app knowing its models — and so that deleting a subject can
    never be blocked by, or cascade into, the evidence.
    """

    seq = models.BigIntegerField(_("sequence number"), primary_key=True)
    kind = models.CharField(_("kind"), max_length=64)
    subject = models.CharField(_("subject"), max_length=255)
    # Metadata-only deposits (a signature event, a settlement) store no file.
    storage_name = models.CharField(_("stored file"), max_length=500, blank=True)
    # Hashes compare byte-wise ("C" collation): faster indexes and CHECKs than the
    # database's linguistic collation, and no locale can ever reorder hex.
    sha256 = models.CharField(_("content SHA-256"), max_length=64, db_collation="C")
    size = models.BigIntegerField(_("size in bytes"))
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous entry hash"), max_length=64, db_collation="C")
    # Not UNIQUE: the hash covers seq, which is the primary key; a plain index serves lookups.
    entry_hash = models.CharField(_("entry hash"), max_length=64, db_collation="C")
    # Set by the service from the database clock under the chain lock, never auto_now:
    # it is part of the hashed content and must be known before the INSERT.
    created_at = models.DateTimeField(_("deposited at"))

    class Meta:
        verbose_name = _("evidence entry")
        verbose_name_plural = _("evidence entries")
        ordering = ["seq"]
        constraints = [
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="evidence_seq_positive"),
            models.CheckConstraint(condition=models.Q(size__gte=0), name="evidence_size_nonneg"),
            models.CheckConstraint(
                condition=models.Q(kind__regex=r"^[a-z][a-z0-9_.]*$"), name="evidence_kind_slug"
            ),
            models.CheckConstraint(
                condition=_is_hex64("sha256") & _is_hex64("prev_hash") & _is_hex64("entry_hash"),
                name="evidence_hashes_hex",
            ),
            # Only the genesis entry may point at the all-zero hash.
            models.CheckConstraint(
                condition=(models.Q(seq=1) & models.Q(prev_hash=GENESIS_HASH))
                | (models.Q(seq__gt=1) & ~models.Q(prev_hash=GENESIS_HASH)),
                name="evidence_genesis",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "subject"], name="evidence_kind_subject"),
            models.Index(fields=["sha256"], name="evidence_sha256"),
            models.Index(fields=["entry_hash"], name="evidence_entry_hash"),
            models.Index(fields=["created_at"], name="evidence_created_at"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.subject}"


class DailyRoot(models.Model):
    """The Merkle root of one UTC day's entry hashes (see verification.merkle_root).

    Days are contiguous ranges of ``seq`` because ``created_at`` never goes
    backwards along the chain (the insert trigger enforces it).
    """

    day = models.DateField(_("day (UTC)"), unique=True)
    merkle_root = models.CharField(_("Merkle root"), max_length=64, db_collation="C")
    first_seq = models.BigIntegerField(_("first entry"), null=True, blank=True)
    last_seq = models.BigIntegerField(_("last entry"), null=True, blank=True)
    entry_count = models.PositiveIntegerField(_("entries"))
    # The chain entry that anchors this root (a "daily_root" deposit made when it was recorded).
    anchor_seq = models.BigIntegerField(_("anchor entry"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("daily Merkle root")
        verbose_name_plural = _("daily Merkle roots")
        ordering = ["day"]
        constraints = [
            models.CheckConstraint(condition=_is_hex64("merkle_root"), name="evidence_root_hex"),
            models.CheckConstraint(
                condition=(
                    models.Q(entry_count=0, first_seq__isnull=True, last_seq__isnull=True)
                    | models.Q(
                        entry_count__gt=0,
                        first_seq__gte=1,
                        last_seq=models.F("first_seq") + models.F("entry_count") - 1,
                    )
                ),
                name="evidence_root_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.merkle_root[:12]}… ({self.entry_count})"
