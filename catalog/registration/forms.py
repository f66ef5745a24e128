from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.models import WorkFile
from catalog.services import validate_country
from catalog.vocabulary import (
    ALL_RIGHTS,
    SHARE_RIGHT_CHOICES,
    CreatorRole,
    IdentifierScheme,
    PartyKind,
    SourceFlag,
    WorkType,
)
from i18n.languages import DJANGO_LANGUAGES


class ApplicationForm(forms.Form):
    applicant = forms.ModelChoiceField(label=_("Applying for"), queryset=None)
    work_type = forms.ChoiceField(label=_("Type of work"), choices=WorkType.choices)
    original_title = forms.CharField(label=_("Title in the original language"), max_length=500)
    original_language = forms.ChoiceField(label=_("Original language"), choices=DJANGO_LANGUAGES)
    title_en = forms.CharField(label=_("English title"), max_length=500, required=False)
    title_zh_hans = forms.CharField(label=_("Chinese title"), max_length=500, required=False)
    synopsis = forms.CharField(
        label=_("Synopsis / description"), widget=forms.Textarea, required=False
    )
    country_of_origin = forms.CharField(label=_("Country of origin (ISO code)"), max_length=2)
    created_on = forms.DateField(
        label=_("Date of creation"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    published_on = forms.DateField(
        label=_("Date of first publication"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    identifier_scheme = forms.ChoiceField(
        label=_("Identifier"), required=False, choices=[("", "—"), *IdentifierScheme.choices]
    )
    identifier_value = forms.CharField(label=_("Identifier value"), required=False, max_length=64)
    source_flag = forms.ChoiceField(
        label=_("Source"), choices=SourceFlag.choices, initial=SourceFlag.ORIGINAL
    )
    traditional_element = forms.CharField(
        label=_("Traditional cultural element"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    new_contribution = forms.CharField(
        label=_("Your new contribution"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    community = forms.CharField(
        label=_("Community or collective the tradition belongs to (empty: the applicant)"),
        max_length=255,
        required=False,
    )
    fast_track = forms.BooleanField(label=_("Fast track (5 working days)"), required=False)

    def __init__(self, *args: object, parties: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant"].queryset = parties

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("identifier_scheme")) != bool(data.get("identifier_value")):
            self.add_error("identifier_value", _("Give both the identifier type and value."))
        if data.get("source_flag") == SourceFlag.TRADITIONAL:
            # Folk art: what the tradition gives and what this applicant adds are both on
            # record, since only the new contribution is protected.
            for name in ("traditional_element", "new_contribution"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("Required for a work based on traditional culture."))
        return data


def _clean_country(value: str) -> str:
    """Empty (the work's country) or an ISO 3166-1 alpha-2 code, upper-cased."""
    if not value.strip():
        return ""
    try:
        return validate_country(value)
    except ValidationError as exc:  # the service's {field: message}: this field's message
        raise ValidationError(exc.messages) from None


class CreatorForm(forms.Form):
    name = forms.CharField(label=_("Creator"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartyKind.choices, initial=PartyKind.PERSON)
    role = forms.ChoiceField(label=_("Role"), choices=CreatorRole.choices)
    country = forms.CharField(
        label=_("Country (ISO code; empty: the work's)"), max_length=2, required=False
    )

    def clean_country(self) -> str:
        return _clean_country(self.cleaned_data["country"])


class BaseCreatorFormSet(forms.BaseFormSet):
    """A creator is named once per role (the database allows one row per party and role)."""

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[tuple[str, str, str]] = set()
        for form in self.forms:
            if not (form.has_changed() and form.cleaned_data):
                continue
            data = form.cleaned_data
            key = (data["name"].strip().casefold(), data["country"], data["role"])
            if key in seen:
                form.add_error("role", _("This creator is already named in this role."))
            seen.add(key)


class ShareForm(forms.Form):
    name = forms.CharField(
        label=_("Co-owner (empty: the applicant)"), max_length=255, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=PartyKind.choices, initial=PartyKind.ORGANISATION
    )
    country = forms.CharField(
        label=_("Country (ISO code; empty: the work's)"), max_length=2, required=False
    )
    right = forms.ChoiceField(label=_("Right"), choices=SHARE_RIGHT_CHOICES, initial=ALL_RIGHTS)

    def clean_country(self) -> str:
        return _clean_country(self.cleaned_data["country"])

    percent = forms.DecimalField(
        label=_("Share, percent"),
        max_digits=7,
        decimal_places=4,
        min_value=Decimal("0.0001"),
        max_value=Decimal(100),
    )


def _right_label(right: str) -> str:
    return str(dict(SHARE_RIGHT_CHOICES).get(right, right))


class BaseShareFormSet(forms.BaseFormSet):
    """The shares of each right sum to exactly 100 % (the database checks it again at
    commit); a wrong sum is shown on every share of that right."""

    def filled_forms(self) -> list[forms.Form]:
        return [f for f in self.forms if f.has_changed() and f.cleaned_data]

    def clean(self) -> None:
        if any(self.errors):
            return
        by_right: dict[str, list[forms.Form]] = defaultdict(list)
        seen: set[tuple[str, str]] = set()
        for form in self.filled_forms():
            data = form.cleaned_data
            key = (data["name"].strip().casefold(), data["right"])
            if key in seen:
                form.add_error("name", _("This co-owner already has a share of this right."))
            seen.add(key)
            by_right[data["right"]].append(form)
        for right, forms_of_right in by_right.items():
            total = sum((f.cleaned_data["percent"] for f in forms_of_right), Decimal(0))
            if total != 100:
                self.add_right_error(
                    right,
                    _("Shares of “%(right)s” sum to %(total)s %%, not 100 %%.")
                    % {"right": _right_label(right), "total": format(total.normalize(), "f")},
                )

    def add_right_error(self, right: str, message: str) -> None:
        for form in self.forms:
            if form.has_changed() and form.cleaned_data.get("right") == right:
                form.add_error("percent", message)


CreatorFormSet = forms.formset_factory(CreatorForm, formset=BaseCreatorFormSet, extra=2)
ShareFormSet = forms.formset_factory(ShareForm, formset=BaseShareFormSet, extra=2)


class FileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=WorkFile.Kind.choices)
    file = forms.FileField(label=_("File"))


class ReasonForm(forms.Form):
    text = forms.CharField(label=_("Reason / message"), widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
    internal = forms.BooleanField(label=_("Internal note (examiners only)"), required=False)


class WorkFilterForm(forms.Form):
    """The filter of the works a batch is chosen from (GET)."""

    party = forms.ModelChoiceField(label=_("Holder"), queryset=None, required=False)
    q = forms.CharField(label=_("Title or identifier"), max_length=200, required=False)
    work_type = forms.ChoiceField(
        label=_("Type of work"), choices=[("", "—"), *WorkType.choices], required=False
    )

    def __init__(self, *args: object, parties: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties


class BatchForm(forms.Form):
    """What every application of the batch shares, entered once."""

    applicant = forms.ModelChoiceField(label=_("Applying for"), queryset=None)
    contact_name = forms.CharField(label=_("Contact name"), max_length=255)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    fast_track = forms.BooleanField(label=_("Fast track (5 working days)"), required=False)
    all_matching = forms.BooleanField(
        label=_("Select every work on this filter, not only the ticked ones"), required=False
    )
    declared = forms.BooleanField(label=_("I make this declaration"))

    def __init__(self, *args: object, parties: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant"].queryset = parties
