"""How allauth creates and signs in marketplace users.

allauth runs the pages (signup, login, e-mail confirmation, password reset, MFA);
this adapter hands the account's creation to ``user_signup`` so a new user gets their
party and owner membership in the same transaction as before allauth.
"""

from __future__ import annotations

import base64
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.forms import BaseForm
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from catalog.kernel.mfa import SECOND_FACTORS
from marketplace.models import User
from marketplace.services import user_signup


class AccountAdapter(DefaultAccountAdapter):
    def save_user(
        self, request: HttpRequest, user: User, form: BaseForm, commit: bool = True
    ) -> User:
        # allauth passes an unsaved User; user_signup builds its own through the
        # manager (password hashing, roles) together with the party.
        data = form.cleaned_data
        return user_signup(
            username=data["username"],
            email=data["email"],
            password=data["password1"],
            roles=data["roles"],
            country=data["country"],
            organisation=data.get("organisation", ""),
            preferred_language=data["preferred_language"],
            preferred_currency=data["preferred_currency"],
        )

    def post_login(self, request: HttpRequest, user: User, **kwargs: Any) -> Any:
        # Pages without a language prefix follow the user's preference (i18n middleware).
        request.session["preferred_language"] = user.preferred_language
        return super().post_login(request, user, **kwargs)


def _fernet_key(secret: str) -> bytes:
    digest = salted_hmac("marketplace.mfa", "secret-at-rest", secret=secret, algorithm="sha256")
    return base64.urlsafe_b64encode(digest.digest())


class MFAAdapter(DefaultMFAAdapter):
    """TOTP keys and recovery-code seeds are stored encrypted (allauth stores them in the
    clear by default), so a copy of the database alone yields no second factor. The key
    derives from SECRET_KEY; keys in SECRET_KEY_FALLBACKS still decrypt after a rotation."""

    @staticmethod
    def _fernet() -> MultiFernet:
        secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        return MultiFernet([Fernet(_fernet_key(secret)) for secret in secrets])

    def encrypt(self, text: str) -> str:
        return self._fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return self._fernet().decrypt(encrypted_text.encode()).decode()


def record_enrolment_as_mfa(
    sender: type, request: HttpRequest | None, user: User, authenticator: Authenticator, **_: Any
) -> None:
    """Enrolling an authenticator proves the user holds it: count it as this session's
    second factor, so the action that sent them to the setup page works right away."""
    if request is not None and authenticator.type in SECOND_FACTORS:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
        )
