"""The maintained sensitive-word lists, one row per term."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.screening.normalise import normalise_term
from i18n.languages import LANGUAGES

ALL_LANGUAGES = "*"
LIST_LANGUAGE_CHOICES = [
    (ALL_LANGUAGES, _("All languages")),
    *((lang.code, lang.english_name) for lang in LANGUAGES),
]


class Category(models.TextChoices):
    COUNTERFEIT = "counterfeit", _("Counterfeit goods")
    PIRACY = "piracy", _("Piracy")
    TRADEMARK_ABUSE = "trademark_abuse", _("Trademark / brand abuse")
    FRAUD = "fraud", _("Fraud")
    PROHIBITED_CONTENT = "prohibited_content", _("Prohibited content")
    POLITICAL = "political", _("Political")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    BLOCK = "block", _("Block")
    REVIEW = "review", _("Needs review")


class Origin(models.TextChoices):
    SHIPPED = "shipped", _("Shipped list file")
    STAFF = "staff", _("Added by staff")


class SensitiveTerm(models.Model):
    language = models.CharField(_("language"), max_length=8, choices=LIST_LANGUAGE_CHOICES)
    term = models.CharField(_("term"), max_length=200)
    # The form the matcher compares; uniqueness on it stops "A货" and "ａ貨" coexisting.
    normalised = models.CharField(_("normalised term"), max_length=200, editable=False)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    origin = models.CharField(
        _("origin"), max_length=8, choices=Origin.choices, default=Origin.STAFF, editable=False
    )
    # Set when staff edit a shipped row: the file sync then leaves the row alone.
    customised = models.BooleanField(_("edited by staff"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sensitive term")
        verbose_name_plural = _("sensitive terms")
        ordering = ["language", "normalised"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "normalised"], name="screening_term_unique_per_language"
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=[code for code, _ in LIST_LANGUAGE_CHOICES]),
                name="screening_term_language_known",
            ),
            models.CheckConstraint(
                condition=models.Q(severity__in=Severity.values), name="screening_term_severity"
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=Category.values), name="screening_term_category"
            ),
            models.CheckConstraint(
                condition=~models.Q(normalised=""), name="screening_term_not_blank"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} [{self.language}]"

    def save(self, *args, **kwargs) -> None:
        self.normalised = normalise_term(self.term, self.language)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.normalised = normalise_term(self.term, self.language)
        if not self.normalised:
            raise ValidationError({"term": _("The term is empty once normalised.")})
        clash = SensitiveTerm.objects.filter(language=self.language, normalised=self.normalised)
        if clash.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"term": _("“%(term)s” is already on this list.") % {"term": self.term}}
            )


class TermListVersion(models.Model):
    """A single row whose ``version`` a database trigger renews on every write to the terms.

    The trigger takes the value from a sequence, so a rolled-back edit never hands its
    number to a later one: a process that cached a matcher under some version can trust
    that version to mean one list content forever.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="screening_version_singleton")
        ]
