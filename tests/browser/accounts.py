"""Signing in through allauth's pages in a browser, with the TOTP step when the user has
an authenticator (tests.mfa.enrol_totp)."""

from __future__ import annotations

from tests.mfa import fresh_totp_code

PASSWORD = "pw-Strong-2026"  # tests.factories.catalog.make_user


def browser_login(page, base: str, user, *, lang: str = "en", password: str = PASSWORD) -> None:
    page.goto(f"{base}/{lang}/accounts/login/")
    page.fill("input[name=login]", user.username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    if "/2fa/authenticate/" in page.url:
        page.fill("input[name=code]", fresh_totp_code(user))
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
