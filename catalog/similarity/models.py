"""Protected marks, text signatures, pre-check runs and their hits."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from catalog.models import Work, WorkFile
from catalog.similarity.hashing import NUM_PERM, TRANSFORMS


class ProtectedMark(models.Model):
    """A reference mark (logo, emblem) that no registration may near-copy."""

    # Stable key of the mark in its source list; makes loading idempotent.
    reference = models.CharField(_("reference"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=255)
    owner_name = models.CharField(_("owner"), max_length=255)
    image = models.FileField(_("image"), upload_to="protected_marks/")
    sha256 = models.CharField(max_length=64)
    phash = models.BigIntegerField(_("perceptual hash"))
    source = models.TextField(_("source"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("protected mark")
        verbose_name_plural = _("protected marks")
        ordering = ["reference"]

    def __str__(self) -> str:
        return self.name


class TextSignature(models.Model):
    """MinHash signature of a work's texts, with LSH band keys for SQL candidate search."""

    work = models.OneToOneField(Work, on_delete=models.CASCADE, related_name="text_signature")
    # Names the shingling and hash family; a change of either needs a re-index, and rows
    # of another scheme are never compared with this one.
    scheme = models.CharField(max_length=32)
    signature = models.BinaryField()  # NUM_PERM little-endian uint32
    shingle_count = models.PositiveIntegerField()
    # Empty when the text is too short to judge (services.TEXT_MIN_SHINGLES).
    band_keys = ArrayField(models.BigIntegerField(), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [GinIndex(fields=["band_keys"], name="similarity_text_bands_gin")]
        constraints = [
            models.CheckConstraint(
                condition=Exact(Length("signature"), NUM_PERM * 4),
                name="similarity_text_signature_length",
            ),
        ]


class ImageIndexVersion(models.Model):
    """Single row whose ``version`` changes whenever the set of hashed work files changes.

    Written only by database triggers on catalog_workfile (migration 0002), so every
    writer — upload code, admin, this app — invalidates the per-process image index
    caches without having to remember to.
    """

    version = models.BigIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="similarity_version_singleton"),
        ]


class SimilarityCheck(models.Model):
    """The latest pre-check of a work: when it ran, with which limits, and its verdict.

    Tells "checked, nothing found" apart from "never checked".
    """

    work = models.OneToOneField(Work, on_delete=models.CASCADE, related_name="similarity_check")
    checked_at = models.DateTimeField()
    holds_for_examination = models.BooleanField()
    hold_reason = models.TextField(blank=True)
    images_checked = models.PositiveIntegerField()
    unreadable_file_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    text_shingles = models.PositiveIntegerField()
    # The limits in force, so a later change of them does not rewrite history.
    image_radius = models.PositiveSmallIntegerField()
    hold_radius = models.PositiveSmallIntegerField()
    text_min_jaccard = models.FloatField()
    hits_truncated = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("similarity pre-check")


class SimilarityHit(models.Model):
    """One match found by a pre-check: a work's image or text against another work or a mark."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        TEXT = "text", _("Text")

    class Transform(models.TextChoices):
        IDENTITY = "identity", _("as submitted")
        MIRROR = "mirror", _("mirrored")
        FLIP = "flip", _("upside down")
        ROT90 = "rot90", _("rotated 90°")
        ROT180 = "rot180", _("rotated 180°")
        ROT270 = "rot270", _("rotated 270°")
        TRANSPOSE = "transpose", _("transposed")
        TRANSVERSE = "transverse", _("transposed and rotated")

    subject = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="similarity_hits")
    subject_file = models.ForeignKey(
        WorkFile, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # Hits are derived, re-computable data: a matched work or file that is deleted takes
    # its hits along. Marks are deactivated, not deleted, while a hit still names them.
    matched_work = models.ForeignKey(
        Work, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    matched_file = models.ForeignKey(
        WorkFile, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    matched_mark = models.ForeignKey(
        ProtectedMark, null=True, blank=True, on_delete=models.PROTECT, related_name="hits"
    )
    is_protected_mark = models.BooleanField(default=False)
    distance = models.PositiveSmallIntegerField(null=True, blank=True)  # Hamming, of 64 bits
    transform = models.CharField(max_length=10, choices=Transform.choices, blank=True)
    jaccard = models.FloatField(null=True, blank=True)  # MinHash estimate
    score = models.FloatField()  # 0 = unrelated … 1 = identical
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_protected_mark", "-score", "id"]
        indexes = [models.Index(fields=["matched_work"]), models.Index(fields=["matched_mark"])]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "subject",
                    "kind",
                    "subject_file",
                    "matched_work",
                    "matched_file",
                    "matched_mark",
                ],
                nulls_distinct=False,
                name="similarity_hit_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(matched_work__isnull=False, matched_mark__isnull=True)
                | models.Q(matched_work__isnull=True, matched_mark__isnull=False),
                name="similarity_hit_one_target",
            ),
            models.CheckConstraint(
                condition=models.Q(is_protected_mark=True, matched_mark__isnull=False)
                | models.Q(is_protected_mark=False, matched_mark__isnull=True),
                name="similarity_hit_mark_flag",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind="image",
                    subject_file__isnull=False,
                    distance__isnull=False,
                    distance__lte=64,
                    jaccard__isnull=True,
                    transform__in=list(TRANSFORMS),
                )
                & (models.Q(matched_mark__isnull=False) | models.Q(matched_file__isnull=False))
                | models.Q(
                    kind="text",
                    subject_file__isnull=True,
                    matched_file__isnull=True,
                    matched_mark__isnull=True,
                    distance__isnull=True,
                    transform="",
                    jaccard__gte=0,
                    jaccard__lte=1,
                ),
                name="similarity_hit_kind_fields",
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=1), name="similarity_hit_score_range"
            ),
        ]

    def __str__(self) -> str:
        target = self.matched_mark or self.matched_work
        return f"{self.subject} ~ {target} ({self.score:.2f})"
