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
