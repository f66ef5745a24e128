from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from catalog.language_strings import LanguageStringError, parse_languages
from catalog.territory_strings import TerritoryStringError, parse_territories
from catalog.vocabulary import RightType
from i18n.languages import LANGUAGES
from marketplace.listings.models import Exclusivity


def _codes(value: str) -> list[str]:
    return [part.strip().upper() for part in value.replace(";", ",").split(",") if part.strip()]


class ListingForm(forms.Form):
    right_types = forms.MultipleChoiceField(
        label=_("Rights offered"), choices=RightType.choices, widget=forms.CheckboxSelectMultiple
    )
    territories = forms.CharField(
        label=_("Territories"),
        help_text=_(
            "Countries (ISO codes or English names) and groups, with exclusions: "
            "“World ex US, CA”, “ASEAN”, “Asia ex JP”"
        ),
    )
    excluded_territories = forms.CharField(label=_("Except"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=[(lang.code, lang.local_name) for lang in LANGUAGES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    # Any BCP 47 language may be offered, not only the interface languages above.
    other_languages = forms.CharField(
        label=_("Other languages"),
        required=False,
        help_text=_(
            "BCP 47 tags or English names, e.g. ja, ko, French; "
            "“L ex en” offers every language except English"
        ),
    )
    exclusivity = forms.ChoiceField(label=_("Exclusivity"), choices=Exclusivity.choices)
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1, initial=60)
    available_from = forms.DateField(label=_("Available from"), required=False)
    available_until = forms.DateField(label=_("Available until"), required=False)
    currency = forms.ChoiceField(label=_("Currency"))
    advance = forms.DecimalField(label=_("Advance"), required=False, min_value=0)
    royalty_rate = forms.DecimalField(
        label=_("Royalty rate (%)"), required=False, min_value=0, max_value=100
    )
    minimum_guarantee = forms.DecimalField(
        label=_("Minimum guarantee"), required=False, min_value=0
    )
    flat_fee = forms.DecimalField(label=_("Flat fee"), required=False, min_value=0)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = [(c, c) for c in settings.SUPPORTED_CURRENCIES]
        for lang in LANGUAGES:
            suffix = build_localized_fieldname("", lang.code).lstrip("_")
            self.fields[f"headline_{suffix}"] = forms.CharField(
                label=f"{_('Headline')} · {lang.local_name}", required=False, max_length=300
            )
            self.fields[f"description_{suffix}"] = forms.CharField(
                label=f"{_('Description')} · {lang.local_name}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"machine_{suffix}"] = forms.BooleanField(
                label=_("machine draft"), required=False
            )

    def clean_territories(self) -> list[str]:
        try:
            parsed = parse_territories(self.cleaned_data["territories"])
        except TerritoryStringError as exc:
            raise forms.ValidationError([error.message for error in exc.errors]) from None
        self.excluded_by_string = list(parsed.exclude)
        return list(parsed.include)

    def clean_excluded_territories(self) -> list[str]:
        return _codes(self.cleaned_data["excluded_territories"])

    def clean(self) -> dict:
        cleaned = super().clean()
        if "excluded_territories" in cleaned:
            written = getattr(self, "excluded_by_string", [])
            cleaned["excluded_territories"] = list(
                dict.fromkeys(written + cleaned["excluded_territories"])
            )
        languages = list(cleaned.get("languages") or [])
        if other := (cleaned.get("other_languages") or "").strip():
            try:
                languages += parse_languages(other).languages
            except LanguageStringError as exc:
                self.add_error("other_languages", [e.message for e in exc.errors])
        if not languages and not self.has_error("other_languages"):
            self.add_error("languages", _("offer at least one language"))
        cleaned["languages"] = sorted(set(languages))
        return cleaned

    def texts(self) -> tuple[dict[str, str], dict[str, str], set[str]]:
        headlines, descriptions, machine = {}, {}, set()
        for lang in LANGUAGES:
            suffix = build_localized_fieldname("", lang.code).lstrip("_")
            if value := self.cleaned_data.get(f"headline_{suffix}"):
                headlines[lang.code] = value
            if value := self.cleaned_data.get(f"description_{suffix}"):
                descriptions[lang.code] = value
            if self.cleaned_data.get(f"machine_{suffix}"):
                machine.add(lang.code)
        return headlines, descriptions, machine


class InquiryForm(forms.Form):
    buyer = forms.ModelChoiceField(label=_("On behalf of"), queryset=None)
    right_types = forms.MultipleChoiceField(label=_("Rights"), widget=forms.CheckboxSelectMultiple)
    territories = forms.CharField(label=_("Territories"))
    languages = forms.CharField(label=_("Languages (e.g. vi, th)"))
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(
        self, *args: object, parties: object, rights: list[tuple[str, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["buyer"].queryset = parties
        self.fields["right_types"].choices = rights

    def clean_territories(self) -> list[str]:
        return _codes(self.cleaned_data["territories"])

    def clean_languages(self) -> list[str]:
        return [c.lower() for c in _codes(self.cleaned_data["languages"])]
