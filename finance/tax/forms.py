from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from finance.tax.services import ResidencyInput


class ResidencyForm(forms.Form):
    country = forms.CharField(
        label=_("Country of residence"), max_length=2, help_text=_("ISO code, e.g. CN, VN, TH")
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(label=_("Valid to"), widget=forms.DateInput(attrs={"type": "date"}))
    treaty_claim = forms.BooleanField(label=_("I claim a tax treaty rate"), required=False)
    treaty_article = forms.CharField(label=_("Treaty and article"), max_length=120, required=False)
    claimed_rate = forms.DecimalField(
        label=_("Rate claimed (%)"), required=False, max_digits=7, decimal_places=4
    )
    certificate = forms.FileField(label=_("Certificate of residence (PDF or image)"))

    def __init__(self, *args, certificate_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].required = certificate_required

    def residency_input(self) -> ResidencyInput:
        d = self.cleaned_data
        return ResidencyInput(
            country=d["country"],
            valid_from=d["valid_from"],
            valid_to=d["valid_to"],
            treaty_claim=d["treaty_claim"],
            treaty_article=d["treaty_article"],
            claimed_rate=d["claimed_rate"],
        )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CertificateForm(forms.Form):
    period = forms.CharField(max_length=8)
