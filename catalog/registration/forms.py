from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import WorkFile
from catalog.vocabulary import IdentifierScheme, SourceFlag, WorkType
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
    fast_track = forms.BooleanField(label=_("Fast track (5 working days)"), required=False)

    def __init__(self, *args: object, parties: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant"].queryset = parties

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("identifier_scheme")) != bool(data.get("identifier_value")):
            self.add_error("identifier_value", _("Give both the identifier type and value."))
        return data


class FileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=WorkFile.Kind.choices)
    file = forms.FileField(label=_("File"))


class ReasonForm(forms.Form):
    text = forms.CharField(label=_("Reason / message"), widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
    internal = forms.BooleanField(label=_("Internal note (examiners only)"), required=False)
