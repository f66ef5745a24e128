"""The rights-in form: one record of rights held (parsing only; the service decides)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.vocabulary import RightType
from licensing.models import ANY, ConsentRule, HeldRight


def _codes(text: str) -> list[str]:
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


class HeldRightForm(forms.Form):
    basis = forms.ChoiceField(label=_("Basis"), choices=HeldRight.Basis.choices)
    right_type = forms.ChoiceField(
        label=_("Right"), choices=[(ANY, _("All rights")), *RightType.choices]
    )
    territories = forms.CharField(
        label=_("Territories"),
        help_text=_("ISO codes or groups (WORLD, ASEAN), comma-separated; * for everywhere"),
    )
    excluded_territories = forms.CharField(label=_("Except"), required=False)
    languages = forms.CharField(
        label=_("Languages"), help_text=_("BCP 47 codes, comma-separated; * for every language")
    )
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To (last day)"), required=False)
    exclusive = forms.BooleanField(label=_("Held exclusively"), required=False)
    source_ref = forms.CharField(label=_("Acquisition contract"), max_length=64, required=False)
    acquired_from = forms.CharField(label=_("Acquired from"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "basis": data["basis"],
            "right_type": data["right_type"],
            "territories": _codes(data["territories"]),
            "excluded_territories": _codes(data["excluded_territories"]),
            "languages": _codes(data["languages"]),
            "start": data["start"],
            "end": data["end"],
            "exclusive": data["exclusive"],
            "source_ref": data["source_ref"],
            "acquired_from": data["acquired_from"],
            "note": data["note"],
        }


class ConsentRuleForm(forms.Form):
    rule = forms.ChoiceField(label=_("Licences are approved by"), choices=ConsentRule.Rule.choices)
    majority_percent = forms.DecimalField(
        label=_("Majority: approving shares above (%)"),
        min_value=0,
        max_value=Decimal("99.9999"),
        decimal_places=4,
        initial=50,
    )
