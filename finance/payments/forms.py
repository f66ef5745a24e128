"""The staff refund form: reason, note, amount (checked again by the service)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from finance.models import RefundReason


class RefundForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RefundReason.choices)
    note = forms.CharField(
        label=_("Note for the record"), max_length=500, required=False, widget=forms.Textarea
    )
    amount = forms.DecimalField(
        label=_("Amount to refund"), min_value=Decimal("0.0001"), max_digits=24, decimal_places=4
    )
