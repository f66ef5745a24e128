from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Party, Work
from catalog.registration.selectors import registration_by_number
from catalog.vocabulary import PartyCategory, RightType
from finance.valuation.report_access import reports_attachable
from i18n.formatting import format_money
from licensing.contracts.selectors import contracts_licensed_by


class PledgeForm(forms.Form):
    pledgor = forms.ModelChoiceField(queryset=Party.objects.none(), label=_("Pledgor"))
    pledgee = forms.ModelChoiceField(
        queryset=Party.objects.filter(category=PartyCategory.BANK), label=_("Pledgee (bank)")
    )
    works = forms.ModelMultipleChoiceField(
        queryset=Work.objects.none(), required=False, label=_("Pledged works")
    )
    contracts = forms.ModelMultipleChoiceField(
        queryset=contracts_licensed_by([]), required=False, label=_("Receivables of contracts")
    )
    secured_amount = forms.DecimalField(label=_("Secured claim"), min_value=0, decimal_places=4)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="CNY")
    starts_on = forms.DateField(
        label=_("Term from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Term to"), widget=forms.DateInput(attrs={"type": "date"}))
    valuation_report = forms.ModelChoiceField(
        queryset=Party.objects.none(),
        required=False,
        label=_("Valuation report issued before lending"),
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pledgor"].queryset = parties
        self.fields["works"].queryset = Work.objects.filter(holder__in=parties)
        self.fields["contracts"].queryset = contracts_licensed_by(
            parties.values_list("pk", flat=True)
        )
        # The subject's issued reports not yet attached (the service checks the rest).
        self.fields["valuation_report"].queryset = reports_attachable(
            party_ids=set(parties.values_list("pk", flat=True))
        )
        self.fields["valuation_report"].label_from_instance = lambda r: (
            f"{r.number} · {r.requester.name} · P50 {format_money(r.valuation.p50, r.currency)}"
        )


class SeizureForm(forms.Form):
    """The court portal's order form: works by registration number, never a list of every
    work on the platform."""

    court = forms.ModelChoiceField(queryset=Party.objects.none(), label=_("Court"))
    case_number = forms.CharField(label=_("Case number"), max_length=80)
    works = forms.CharField(
        label=_("Works (registration numbers, one a line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    right_types = forms.MultipleChoiceField(
        choices=RightType.choices,
        required=False,
        label=_("Only these rights (empty: all)"),
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("In force until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    document = forms.FileField(label=_("Court order (PDF or scan)"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, courts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts

    def clean_works(self) -> list[Work]:
        numbers = [n.strip() for n in re.split(r"[\s,;]+", self.cleaned_data["works"]) if n.strip()]
        works, unknown = [], []
        for number in dict.fromkeys(numbers):
            application = registration_by_number(number)
            if application is None:
                unknown.append(number)
            else:
                works.append(application.work)
        if unknown:
            raise forms.ValidationError(
                _("No registered work has the number %(numbers)s.")
                % {"numbers": ", ".join(unknown)}
            )
        if not works:
            raise forms.ValidationError(_("Name at least one work by its registration number."))
        return works
