"""Forms of the stream pages: they parse; the services decide."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Party, Work
from finance.streams.models import StreamMode


class OfferForm(forms.Form):
    holder = forms.ModelChoiceField(label=_("Holder"), queryset=Party.objects.none())
    works = forms.ModelMultipleChoiceField(label=_("Works"), queryset=Work.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    share_percent = forms.DecimalField(
        label=_("Share of your royalties (%)"), max_digits=5, decimal_places=2
    )
    term_periods = forms.IntegerField(
        label=_("Term (periods; empty: for life)"), required=False, min_value=1
    )
    mode = forms.ChoiceField(label=_("Sale"), choices=StreamMode.choices)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    price = forms.DecimalField(label=_("Fixed price"), required=False, max_digits=20)
    reserve = forms.DecimalField(label=_("Reserve"), required=False, max_digits=20)
    closes_at = forms.DateTimeField(
        label=_("Bidding closes at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = parties
        self.fields["works"].queryset = (
            Work.objects.filter(Q(holder__in=parties) | Q(shares__party__in=parties))
            .distinct()
            .order_by("original_title")
        )


class BidForm(forms.Form):
    bidder = forms.ModelChoiceField(label=_("Bidding as"), queryset=Party.objects.none())
    amount = forms.DecimalField(label=_("Your bid"), max_digits=20, decimal_places=4)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bidder"].queryset = parties


class BuyForm(forms.Form):
    buyer = forms.ModelChoiceField(label=_("Buying as"), queryset=Party.objects.none())

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer"].queryset = parties
