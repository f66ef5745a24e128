"""Works, parties, identifiers, creators and ownership shares."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.kernel.history import audited
from catalog.vocabulary import (
    SHARE_RIGHT_CHOICES,
    CreatorRole,
    IdentifierScheme,
    PartyCategory,
    PartyKind,
    SourceFlag,
    WorkType,
)


# Verification is what buyers trust a party by: a forged one is audited.
@audited(model_name="PartyVerificationEvent", fields=["is_verified"], delete=False)
class Party(models.Model):
    """A person, organisation or community that holds, buys or finances rights."""

    kind = models.CharField(max_length=16, choices=PartyKind.choices)
    category = models.CharField(max_length=16, choices=PartyCategory.choices)
    name = models.CharField(_("name"), max_length=255)  # translated (modeltranslation)
    original_name = models.CharField(_("name in original script"), max_length=255)
    country = models.CharField(_("country"), max_length=2)  # ISO 3166-1 alpha-2
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    is_verified = models.BooleanField(default=False)
    description = models.TextField(blank=True)  # translated
    # Key in the system this record came from (ONIX sender, demo data, legacy registry).
    source_ref = models.CharField(max_length=128, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "parties"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(country__regex=r"^[A-Z]{2}$"), name="party_country_alpha2"
            ),
        ]
        indexes = [models.Index(fields=["country", "category"])]

    def __str__(self) -> str:
        return self.original_name


# Membership is who may act (sign, be paid) for a party: every join, role change and
# removal is audited.
@audited(model_name="MembershipEvent")
class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "party"], name="membership_unique"),
        ]


class PartyInvitation(models.Model):
    """A party's owner or administrator asks someone, by e-mail, to join it.

    The link carries a signed, timestamped token naming this row (catalog.membership);
    it works once, and only for a signed-in user who has verified the invited address.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()  # stored lower-case
    role = models.CharField(max_length=10, choices=Membership.Role.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["party", "email"],
                condition=models.Q(status="pending"),
                name="party_invitation_one_pending",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["admin", "member"]),
                name="party_invitation_role_not_owner",
            ),
        ]


class MembershipRequest(models.Model):
    """A user asks to join a party; one of its owners or administrators decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="membership_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_requests"
    )
    message = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["party", "user"],
                condition=models.Q(status="pending"),
                name="membership_request_one_pending",
            ),
        ]


class Work(models.Model):
    work_type = models.CharField(max_length=16, choices=WorkType.choices)
    title = models.CharField(_("title"), max_length=500)  # translated
    original_title = models.CharField(_("original title"), max_length=500)
    original_language = models.CharField(_("original language"), max_length=16)  # BCP 47
    synopsis = models.TextField(_("synopsis"), blank=True)  # translated
    # Per language: missing / machine / reviewed (see i18n.translation_status).
    translation_status = models.JSONField(default=dict, blank=True)
    holder = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="works")
    country_of_origin = models.CharField(max_length=2)
    created_on = models.DateField(_("creation date"), null=True, blank=True)
    published_on = models.DateField(_("first publication date"), null=True, blank=True)
    derivative_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derivatives"
    )
    source_flag = models.CharField(
        max_length=16, choices=SourceFlag.choices, default=SourceFlag.ORIGINAL
    )
    community_holder = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="community_works"
    )
    traditional_element = models.TextField(blank=True)
    new_contribution = models.TextField(blank=True)
    subjects = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    # ONIX <SalesRights> as imported: [{"type": "01", "countries": [...], "regions": [...],
    # "excluded_countries": [...], "excluded_regions": [...]}]; listings pre-fill territories.
    sales_rights = models.JSONField(default=list, blank=True)
    source_ref = models.CharField(max_length=128, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["work_type", "country_of_origin"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source_flag=SourceFlag.TRADITIONAL)
                | models.Q(community_holder__isnull=False),
                name="work_traditional_has_community",
            ),
            models.CheckConstraint(
                condition=models.Q(country_of_origin__regex=r"^[A-Z]{2}$"),
                name="work_country_alpha2",
            ),
        ]

    def __str__(self) -> str:
        return self.original_title


class WorkIdentifier(models.Model):
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(max_length=8, choices=IdentifierScheme.choices)
    value = models.CharField(max_length=64)  # compact, validated form

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "value"], name="identifier_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} {self.value}"


class WorkCreator(models.Model):
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="creators")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="creations")
    role = models.CharField(max_length=16, choices=CreatorRole.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["work", "party", "role"], name="creator_unique"),
        ]


class OwnershipShare(models.Model):
    """Who owns which right of a work, in percent. Per (work, right) shares sum to 100."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="shares")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="shares")
    right = models.CharField(max_length=16, choices=SHARE_RIGHT_CHOICES)
    percent = models.DecimalField(max_digits=7, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["work", "party", "right"], name="share_unique"),
            models.CheckConstraint(
                condition=models.Q(percent__gt=Decimal(0), percent__lte=Decimal(100)),
                name="share_percent_range",
            ),
        ]


def work_file_path(instance: WorkFile, filename: str) -> str:
    return f"works/{instance.work_id}/{filename}"


class WorkFile(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        AUDIO = "audio", _("Audio")
        DOCUMENT = "document", _("Document / PDF sample")
        VIDEO = "video", _("Video")
        TEXT = "text", _("Text")

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to=work_file_path)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.BigIntegerField()
    # 64-bit perceptual hash of images, stored signed to fit PostgreSQL bigint.
    phash = models.BigIntegerField(null=True, blank=True)
    is_sample = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


def catalogue_upload_path(instance: CatalogueUpload, filename: str) -> str:
    return f"catalogue/{instance.party_id}/{filename}"


class CatalogueUpload(models.Model):
    """A publisher's catalogue file (ONIX, CSV or XLSX) and the import job that reads it.

    Its records (``CatalogueUploadRecord``) say what became of each product and link the
    works it created or updated, so "register this whole upload" can find them.
    """

    class Format(models.TextChoices):
        ONIX = "onix", "ONIX"
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "all_or_nothing", _("All or nothing")
        QUARANTINE = "quarantine", _("Quarantine refused records")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        PROCESSING = "processing", _("Importing")
        IMPORTED = "imported", _("Imported")
        REFUSED = "refused", _("Refused: nothing written")
        FAILED = "failed", _("Failed: nothing written")

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="catalogue_uploads")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to=catalogue_upload_path)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    format = models.CharField(max_length=4, choices=Format.choices)
    mode = models.CharField(max_length=16, choices=Mode.choices)
    # The upload form's answer for products that do not state their country of publication.
    default_country = models.CharField(max_length=2, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)  # percent, for the job page
    records_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["party", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="catalogue_upload_progress_percent"
            ),
        ]

    def __str__(self) -> str:
        return self.file_name


class CatalogueUploadRecord(models.Model):
    """One product of an upload: created / updated / unchanged / refused, and its work."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        UNCHANGED = "unchanged", _("Unchanged")
        REFUSED = "refused", _("Refused")

    upload = models.ForeignKey(CatalogueUpload, on_delete=models.CASCADE, related_name="records")
    position = models.PositiveIntegerField()  # 1-based order of the results
    # Where the record is in the file: the <Product>'s number, or the template's row.
    row = models.PositiveIntegerField(null=True, blank=True)
    reference = models.CharField(max_length=255, blank=True)
    title = models.CharField(max_length=500, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    field = models.CharField(max_length=255, blank=True)
    value = models.CharField(max_length=255, blank=True)  # refused: what the file held
    reason = models.TextField(blank=True)
    # Set only once written: an all-or-nothing upload that was refused links no work.
    work = models.ForeignKey(
        Work, null=True, blank=True, on_delete=models.SET_NULL, related_name="upload_records"
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["upload", "position"], name="upload_record_once"),
        ]
        indexes = [models.Index(fields=["upload", "outcome"])]
