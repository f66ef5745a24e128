from __future__ import annotations

import pycountry
from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from marketplace.models import User
from marketplace.roles import Role

# People sign themselves up only for the roles anyone may hold.
SELF_SERVICE_ROLES = [
    (Role.RIGHTS_HOLDER, Role.RIGHTS_HOLDER.label),
    (Role.BUYER, Role.BUYER.label),
]


def currency_choices() -> list[tuple[str, str]]:
    return [(code, code) for code in settings.SUPPORTED_CURRENCIES]


class SignupForm(forms.Form):
    """What the marketplace asks at signup on top of allauth's e-mail, username and
    password (ACCOUNT_SIGNUP_FORM_CLASS: allauth's form inherits these fields)."""

    roles = forms.MultipleChoiceField(
        label=_("I want to"), choices=SELF_SERVICE_ROLES, widget=forms.CheckboxSelectMultiple
    )
    organisation = forms.CharField(label=_("Organisation name"), max_length=255, required=False)
    country = forms.CharField(label=_("Country (ISO code, e.g. VN)"), max_length=2)
    preferred_language = forms.ChoiceField(
        label=_("preferred language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_currency"] = forms.ChoiceField(
            label=_("Preferred currency"), choices=currency_choices()
        )

    def clean_country(self) -> str:
        code = self.cleaned_data["country"].strip().upper()
        if pycountry.countries.get(alpha_2=code) is None:
            raise forms.ValidationError(
                _("“%(code)s” is not an ISO 3166-1 country code."), params={"code": code}
            )
        return code

    def signup(self, request: HttpRequest, user: User) -> None:
        """allauth's hook after the user is saved: nothing left to do, the account
        adapter created user, party and membership in one transaction (user_signup)."""


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = (
            "first_name",
            "last_name",
            "preferred_language",
            "preferred_currency",
            "time_zone",
        )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_currency"] = forms.ChoiceField(
            label=_("Preferred currency"), choices=currency_choices()
        )

    def clean_time_zone(self) -> str:
        import zoneinfo

        value = self.cleaned_data["time_zone"]
        if value not in zoneinfo.available_timezones():
            raise forms.ValidationError(_("Unknown time zone “%(tz)s”."), params={"tz": value})
        return value
