"""The payee page's form. It only parses: the service validates the account by its country's
scheme (finance/payees/schemes.py), so the form works the same without JavaScript."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from finance.models import PayeeProfile, PayoutProvider
from finance.payees.schemes import NATIONAL, country_choices, mask, scheme_for
from finance.payees.selectors import FIELD_LABELS
from i18n.formatting import currency_name

BANK_FIELDS = ("bank_country", "account_holder", "currency", "iban", "account_number", "bic")
CODE_FIELDS = ("bank_code", "branch_code")


def _currencies() -> list[str]:
    codes = {c for scheme in NATIONAL.values() for c in scheme.currencies}
    return sorted(codes | {"EUR", "USD", "GBP", "CHF"})


class PayeeForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How do you want to be paid?"),
        choices=PayoutProvider.choices,
        widget=forms.RadioSelect,
    )
    bank_country = forms.ChoiceField(label=FIELD_LABELS["bank_country"], required=False)
    account_holder = forms.CharField(
        label=_("Account holder, exactly as the bank has it"), max_length=140, required=False
    )
    currency = forms.ChoiceField(label=FIELD_LABELS["currency"], required=False)
    iban = forms.CharField(label=FIELD_LABELS["iban"], max_length=50, required=False)
    account_number = forms.CharField(
        label=FIELD_LABELS["account_number"], max_length=50, required=False
    )
    bic = forms.CharField(label=FIELD_LABELS["bic"], max_length=20, required=False)
    bank_code = forms.CharField(
        label=_("Bank code (CNAPS in China, ABA routing number in the US)"),
        max_length=35,
        required=False,
    )
    branch_code = forms.CharField(label=_("Branch code (Singapore)"), max_length=35, required=False)

    def __init__(self, *args, profile: PayeeProfile | None = None, **kwargs) -> None:
        if profile is not None:
            kwargs.setdefault(
                "initial",
                {
                    "method": profile.method,
                    "bank_country": profile.bank_country,
                    "account_holder": profile.account_holder,
                    "currency": profile.currency,
                    "bic": profile.bic,
                    "bank_code": profile.bank_code,
                    "branch_code": profile.branch_code,
                    # Account numbers are typed again, never sent back to the browser.
                },
            )
        super().__init__(*args, **kwargs)
        self.profile = profile
        for name in ("iban", "account_number"):
            if profile is not None and getattr(profile, name):
                self.fields[name].help_text = _("Leave blank to keep %(masked)s.") % {
                    "masked": mask(getattr(profile, name))
                }
        self.fields["bank_country"].choices = [("", "—"), *country_choices()]
        self.fields["currency"].choices = [("", _("The country's usual currency"))] + [
            (code, f"{currency_name(code)} ({code})") for code in _currencies()
        ]

    def service_fields(self) -> dict[str, str]:
        """What to hand ``payee_profile_save``: bank details only when given or needed."""
        data = self.cleaned_data
        fields = {"method": data["method"]}
        if data["bank_country"] or data["method"] == PayoutProvider.PAIN001:
            fields |= {name: data[name] for name in (*BANK_FIELDS, *CODE_FIELDS)}
            for name in ("iban", "account_number"):  # blank: keep the stored number
                kept = self.profile is not None and getattr(self.profile, name)
                if kept and not data[name] and data["bank_country"] == self.profile.bank_country:
                    del fields[name]
        elif data["currency"]:
            fields["currency"] = data["currency"]
        return fields


def scheme_data() -> dict[str, dict]:
    """Per country, what the page's script shows: fields, required ones, code labels and
    currencies. The server checks the same rules; the script only saves a round trip."""
    data = {}
    for code, _name in country_choices():
        scheme = scheme_for(code)
        data[code] = {
            "fields": list(scheme.fields()),
            "required": list(scheme.required()),
            "currencies": list(scheme.currencies),
            "labels": {
                name: str(getattr(scheme, name).name).capitalize()
                for name in CODE_FIELDS
                if getattr(scheme, name) is not None
            },
        }
    return data
