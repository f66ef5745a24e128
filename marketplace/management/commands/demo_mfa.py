"""Print the current second-factor code of a demo user (development only).

Staff, examiners, mediators and banks need a second factor on every page, and
signing or paying needs one too. Someone trying the demo has no authenticator
app paired with the demo accounts; this command pairs one the first time (an
ordinary TOTP authenticator, stored encrypted like any other) and prints the
code allauth's MFA step accepts now, plus the secret for a real app. Like the
demo's published password, it is refused wherever demo data is refused.
"""

from __future__ import annotations

import json
import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from marketplace.demo.guard import DemoSeedRefused, demo_seed_check


def demo_totp_secret(user) -> str:
    """The user's TOTP secret, pairing a new authenticator if they have none."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        return secret
    return decrypt(authenticator.data["secret"])


class Command(BaseCommand):
    help = "Pair a TOTP authenticator with a demo user if needed and print its current code."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        try:
            demo_seed_check()
        except DemoSeedRefused as refused:
            raise CommandError(str(refused)) from refused
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        secret = demo_totp_secret(user)
        now = time.time()
        period = app_settings.TOTP_PERIOD
        code = format_hotp_value(hotp_value(secret, int(now) // period))
        valid_for = int(period - now % period)
        if options["json"]:
            self.stdout.write(json.dumps({"code": code, "secret": secret, "valid_for": valid_for}))
            return
        self.stdout.write(f"code {code} (valid for {valid_for} s); authenticator secret {secret}")
