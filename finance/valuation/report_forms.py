"""The valuation report request form: subject, requester, proposed loan, history file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Party, Work
from catalog.vocabulary import PartyCategory
from finance.valuation.model import Assumptions

WORKS_SHOWN = 500  # a catalogue form lists at most this many of the holder's works


class ReportRequestForm(forms.Form):
    requester = forms.ModelChoiceField(queryset=Party.objects.none(), label=_("Requested by"))
    holder = forms.ModelChoiceField(
        queryset=Party.objects.none(), label=_("Holder of the works"), widget=forms.HiddenInput
    )
    works = forms.ModelMultipleChoiceField(
        queryset=Work.objects.none(),
        label=_("Works to value (one work or a catalogue)"),
        widget=forms.CheckboxSelectMultiple,
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="CNY")
    loan_amount = forms.DecimalField(label=_("Proposed loan"), min_value=0, decimal_places=4)
    history_file = forms.FileField(
        label=_("External royalty history (CSV, optional)"),
        required=False,
        help_text=_("Columns: work, period, currency, amount, source — see the template."),
    )
    discount_rate = forms.FloatField(label=_("Discount rate (annual)"), initial=0.10)
    horizon_years = forms.IntegerField(
        label=_("Horizon (years)"), initial=10, min_value=1, max_value=50
    )
    scenarios = forms.IntegerField(
        label=_("Monte Carlo scenarios"), initial=2000, min_value=1, max_value=20000
    )
    seed = forms.IntegerField(label=_("Random seed"), initial=20260101)

    def __init__(self, *args, requesters, holder: Party, **kwargs):
        super().__init__(*args, **kwargs)
        # A bank asks, or the holder itself: the holder is a choice only for its members.
        choices = requesters.filter(category=PartyCategory.BANK) | requesters.filter(pk=holder.pk)
        self.fields["requester"].queryset = choices.distinct().order_by("name")
        self.fields["holder"].queryset = Party.objects.filter(pk=holder.pk)
        self.fields["holder"].initial = holder.pk
        works = Work.objects.filter(holder=holder).order_by("pk")
        self.fields["works"].queryset = Work.objects.filter(
            pk__in=list(works.values_list("pk", flat=True)[:WORKS_SHOWN])
        ).order_by("pk")
        self.fields["works"].label_from_instance = lambda w: f"#{w.pk} {w.original_title}"

    def assumptions(self) -> Assumptions:
        d = self.cleaned_data
        return Assumptions(
            discount_rate=d["discount_rate"],
            horizon_years=d["horizon_years"],
            scenarios=d["scenarios"],
            seed=d["seed"],
        )


class HolderForm(forms.Form):
    """Step one: whose works (a bank picks a holder; a holder sees its own parties first)."""

    holder = forms.ModelChoiceField(
        queryset=Party.objects.filter(works__isnull=False).distinct().order_by("name"),
        label=_("Holder of the works"),
    )
