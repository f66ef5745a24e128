from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from zoneinfo import available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.vocabulary import RightType
from i18n.languages import LANGUAGES
from licensing.disputes.models import Agency, Batch, CaseType, Remedy
from licensing.disputes.settlements import Installment

LANGUAGE_CHOICES = [(lang.code, lang.local_name) for lang in LANGUAGES]
ZONE_CHOICES = [(z, z) for z in sorted(available_timezones()) if "/" in z]


class CaseFileForm(forms.Form):
    case_type = forms.ChoiceField(label=_("Type of dispute"), choices=CaseType.choices)
    works = forms.ModelMultipleChoiceField(
        label=_("Works concerned"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subject_ref = forms.CharField(
        label=_("Contract, statement or registration number"),
        required=False,
        help_text=_("For a contract, royalty or registration dispute: the number it is about."),
    )
    summary = forms.CharField(label=_("Summary"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    as_agent = forms.BooleanField(label=_("I file as the claimant's agent"), required=False)
    claimant_name = forms.CharField(label=_("Claimant's name (agents only)"), required=False)
    claimant_email = forms.EmailField(label=_("Claimant's e-mail (agents only)"), required=False)
    respondent_name = forms.CharField(label=_("Respondent's name"), max_length=255)
    respondent_email = forms.EmailField(label=_("Respondent's e-mail"), required=False)
    respondent_url = forms.URLField(
        label=_("Respondent's shop or web address"), required=False, assume_scheme="https"
    )
    respondent_country = forms.CharField(
        label=_("Respondent's country (ISO code)"), max_length=2, required=False
    )
    respondent_language = forms.ChoiceField(
        label=_("Respondent's language"), choices=LANGUAGE_CHOICES, initial="en"
    )
    respondent_time_zone = forms.ChoiceField(
        label=_("Respondent's time zone"), choices=ZONE_CHOICES, initial="Asia/Shanghai"
    )
    claimed_amount = forms.DecimalField(
        label=_("Amount claimed"), required=False, min_value=0, decimal_places=4
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False, initial="CNY")
    remedies = forms.MultipleChoiceField(
        label=_("Remedies sought"),
        choices=Remedy.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, works: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["works"].queryset = works
        self.fields["works"].label_from_instance = lambda w: w.original_title


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(ReasonForm):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=90, initial=15)


class AssignForm(forms.Form):
    mediator = forms.ModelChoiceField(
        label=_("Mediator"),
        queryset=None,
        required=False,
        empty_label=_("Choose automatically (language, type, load)"),
    )

    def __init__(self, *args: object, mediators: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = mediators


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    time_zone = forms.ChoiceField(label=_("Time zone of that time"), choices=ZONE_CHOICES)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=10, max_value=480, initial=60
    )
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 5}))


class EvidenceForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300)
    file = forms.FileField(label=_("File"), required=False)
    entry_seq = forms.IntegerField(
        label=_("…or an evidence chain entry number"), required=False, min_value=1
    )


def parse_schedule(text: str) -> list[Installment]:
    """Lines of "YYYY-MM-DD amount"."""
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            day, amount = line.split()
            items.append(Installment(dt.date.fromisoformat(day), Decimal(amount)))
        except (ValueError, InvalidOperation) as exc:
            raise forms.ValidationError(
                _("Line %(n)s: write a date (YYYY-MM-DD) and an amount.") % {"n": number}
            ) from exc
    return items


class SettlementForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount paid to the claimant"), min_value=0, initial=0)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    schedule = forms.CharField(
        label=_("Payment schedule"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "2026-12-31 1000.00"}),
        help_text=_("One instalment per line: due date and amount. Empty: one payment today."),
    )
    terms_text = forms.CharField(label=_("Other terms"), widget=forms.Textarea, required=False)
    licence_right = forms.ChoiceField(
        label=_("Licence to the respondent (right)"),
        choices=[("", "—"), *RightType.choices],
        required=False,
    )
    licence_territories = forms.CharField(label=_("Licence territories"), required=False)
    licence_languages = forms.CharField(label=_("Licence languages"), required=False)
    licence_start = forms.DateField(
        label=_("Licence from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    licence_end = forms.DateField(
        label=_("Licence until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    licence_exclusive = forms.BooleanField(label=_("Exclusive licence"), required=False)
    transfer_to = forms.ChoiceField(
        label=_("Transfer ownership of the first work to"),
        choices=[("", "—"), ("claimant", _("Claimant")), ("respondent", _("Respondent"))],
        required=False,
    )

    def clean_schedule(self) -> list[Installment]:
        return parse_schedule(self.cleaned_data.get("schedule") or "")


class BatchForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of batch"), choices=Batch.Kind.choices)
    cases = forms.ModelMultipleChoiceField(
        label=_("Cases"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: object, cases: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["cases"].label_from_instance = lambda c: f"{c.number} — {c.summary}"


class StatsForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    period = forms.ChoiceField(
        label=_("Period"),
        choices=[("month", _("Month")), ("quarter", _("Quarter")), ("year", _("Year"))],
        initial="month",
    )


class AgentForm(forms.Form):
    name = forms.CharField(label=_("Agent's name"), max_length=255)
    email = forms.EmailField(label=_("Agent's e-mail"))
    language = forms.ChoiceField(label=_("Agent's language"), choices=LANGUAGE_CHOICES)
    scope = forms.ChoiceField(
        label=_("The agent may"), choices=Agency.Scope.choices, initial=Agency.Scope.SIGN
    )
