"""Rights grants: what has been licensed, to whom, where, in which language, when.

A Grant is the business record (one per right granted by a contract); its
GrantCells spell it out per country × language so PostgreSQL itself can
refuse overlaps with two exclusion constraints:

* exclusive vs exclusive on the same work/right/country/language and
  overlapping dates (partial constraint over exclusive cells), and
* exclusive vs non-exclusive (``exclusive WITH <>``): a mixed pair conflicts.

Two non-exclusive cells may overlap freely.
"""

from __future__ import annotations

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import Party, Work
from catalog.vocabulary import RightType


class Grant(models.Model):
    class Source(models.TextChoices):
        CONTRACT = "contract", _("Contract")
        PRIOR = "prior", _("Prior licence recorded by the holder")
        SETTLEMENT = "settlement", _("Dispute settlement")

    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="grants")
    licensee = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="grants")
    right_type = models.CharField(max_length=16, choices=RightType.choices)
    territories = ArrayField(models.CharField(max_length=16))  # as written: codes and groups
    excluded_territories = ArrayField(models.CharField(max_length=16), default=list, blank=True)
    languages = ArrayField(models.CharField(max_length=16))
    media = ArrayField(models.CharField(max_length=32), default=list, blank=True)
    period = DateRangeField()  # [start, end)
    exclusive = models.BooleanField()
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.CONTRACT)
    source_ref = models.CharField(max_length=64, blank=True)  # e.g. contract number
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["work", "right_type"])]

    def __str__(self) -> str:
        kind = "exclusive" if self.exclusive else "non-exclusive"
        return f"{self.work_id} {self.right_type} {kind} {self.period}"


class GrantCell(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="cells")
    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="+")
    right_type = models.CharField(max_length=16, choices=RightType.choices)
    territory = models.CharField(max_length=2)
    language = models.CharField(max_length=16)
    period = DateRangeField()
    exclusive = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["work", "right_type", "territory", "language"])]
        constraints = [
            ExclusionConstraint(
                name="grantcell_no_exclusive_overlap",
                expressions=[
                    ("work", RangeOperators.EQUAL),
                    ("right_type", RangeOperators.EQUAL),
                    ("territory", RangeOperators.EQUAL),
                    ("language", RangeOperators.EQUAL),
                    ("period", RangeOperators.OVERLAPS),
                ],
                condition=models.Q(exclusive=True),
            ),
            ExclusionConstraint(
                name="grantcell_no_mixed_overlap",
                expressions=[
                    ("work", RangeOperators.EQUAL),
                    ("right_type", RangeOperators.EQUAL),
                    ("territory", RangeOperators.EQUAL),
                    ("language", RangeOperators.EQUAL),
                    ("period", RangeOperators.OVERLAPS),
                    ("exclusive", RangeOperators.NOT_EQUAL),
                ],
            ),
        ]


# --- rights in -----------------------------------------------------------------------------------

# A held cell's wildcard: any right type, any country, any language. "Everything" — what the
# party that registers a work as its holder (its creator-holder) holds by default — is one
# held cell ("*", "*", "*", unbounded period, exclusive): it cannot be spelt out per language
# because any BCP 47 language can be licensed.
ANY = "*"


class HeldRight(models.Model):
    """Rights in: what the work's holder side owns (own creation) or acquired by contract.

    The same shape as a Grant (right × territories × languages × period × exclusivity);
    its HeldCells spell it out per country × language, or use ``ANY``. Rights in belong to
    the work: a transfer of the work hands them over with it. ``holder`` records who held
    them when they were recorded. A grant cell must lie inside the union of the work's held
    cells (database trigger, licensing migration 0002).
    """

    class Basis(models.TextChoices):
        OWN_CREATION = "own", _("Own creation")
        ACQUIRED = "acquired", _("Acquired by contract")

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="rights_in")
    holder = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="rights_in")
    basis = models.CharField(max_length=10, choices=Basis.choices)
    right_type = models.CharField(max_length=16)  # a RightType value or ANY
    territories = ArrayField(models.CharField(max_length=16))  # codes, groups or [ANY]
    excluded_territories = ArrayField(models.CharField(max_length=16), default=list, blank=True)
    languages = ArrayField(models.CharField(max_length=35))  # BCP 47 or [ANY]
    period = DateRangeField()  # [start, end); unbounded for "everything"
    exclusive = models.BooleanField()
    source_ref = models.CharField(max_length=64, blank=True)  # the acquisition contract
    acquired_from = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["work", "right_type"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(basis="acquired") | ~models.Q(source_ref=""),
                name="heldright_acquired_names_contract",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.work_id} {self.basis} {self.right_type} {self.period}"

    @property
    def is_everything(self) -> bool:
        return (
            self.right_type == ANY
            and self.territories == [ANY]
            and self.languages == [ANY]
            and self.period.lower is None
            and self.period.upper is None
        )


class HeldCell(models.Model):
    held = models.ForeignKey(HeldRight, on_delete=models.CASCADE, related_name="cells")
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="+")
    right_type = models.CharField(max_length=16)
    territory = models.CharField(max_length=2)
    language = models.CharField(max_length=35)  # BCP 47's 35-character buffer, or ANY
    period = DateRangeField()
    exclusive = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["work", "right_type", "territory", "language"])]


# --- co-owner consent ----------------------------------------------------------------------------


class ConsentRule(models.Model):
    """How the co-owners of a work agreed to approve a licence of it (absent: unanimous).

    Part of the ownership record: the shares say who owns how much, this row how much of
    it must approve a licence and its price.
    """

    class Rule(models.TextChoices):
        UNANIMOUS = "unanimous", _("Every co-owner with a share")
        MAJORITY = "majority", _("A majority of the shares")

    work = models.OneToOneField(Work, on_delete=models.CASCADE, related_name="consent_rule")
    rule = models.CharField(max_length=10, choices=Rule.choices, default=Rule.UNANIMOUS)
    # Under MAJORITY, the approving owners' shares must exceed this percent.
    majority_percent = models.DecimalField(max_digits=7, decimal_places=4, default=50)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(majority_percent__gte=0, majority_percent__lt=100),
                name="consentrule_majority_percent_range",
            ),
        ]
