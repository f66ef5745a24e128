"""What a production process refuses to start with.

Every development default that would be harmless on a laptop is a hole in
production: the published webhook secret lets anyone forge a "payment
succeeded" event, placeholder Stripe keys or a localstripe base turn on the
test-card payment path, local webhooks let the pay page deliver its own
signed event, demo seeding creates ``admin`` with a published password, and
the example debtor account would put someone else's account on payout files.
``settings.py`` calls :func:`refuse_unsafe_production` last, with its own
namespace and the environment, when ``DJANGO_ENV=production``.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

from finance.payouts.debtors import is_example

# The development defaults of settings.py (kept here so the two cannot drift apart unnoticed:
# tests/marketplace/test_settings.py starts production with each of them).
DEV_STRIPE_SECRET_KEY = "sk_test_local"  # noqa: S105
DEV_STRIPE_PUBLISHABLE_KEY = "pk_test_local"
DEV_STRIPE_WEBHOOK_SECRET = "whsec_local_dev_secret"  # noqa: S105
STRIPE_API = "https://api.stripe.com"

FROM_ENVIRONMENT = (
    "SECRET_KEY",
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "PAYOUT_DEBTOR_ACCOUNTS",
)


def _weak_secret_key(key: str) -> bool:
    # The same test as ``check --deploy`` (security.W009).
    return (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith(SECRET_KEY_INSECURE_PREFIX)
    )


def _stripe_key_problem(
    value: str, *, live: tuple[str, ...], test: tuple[str, ...], allow_test: bool
) -> str:
    if value.startswith(live):
        return ""
    if value.startswith(test):
        # Test keys take test cards: an invoice would be "paid" with no money moving.
        return (
            "" if allow_test else "a test-mode key (set STRIPE_ALLOW_TEST_KEYS=1 on a staging site)"
        )
    return f"not a Stripe key (expected {' or '.join(live)}…)"


def production_problems(values: Mapping[str, object], environ: Mapping[str, str]) -> list[str]:
    """One line per unsafe setting, naming it; empty when production may start."""
    problems = [
        f"{name}: must be set in the environment, not left to the development default"
        for name in FROM_ENVIRONMENT
        if not environ.get(name)
    ]
    if values["DEBUG"]:
        problems.append("DEBUG: must be off")
    if _weak_secret_key(str(values["SECRET_KEY"])):
        problems.append(
            f"SECRET_KEY: too weak (at least {SECRET_KEY_MIN_LENGTH} characters, "
            f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different, no '{SECRET_KEY_INSECURE_PREFIX}')"
        )
    allow_test = bool(values.get("STRIPE_ALLOW_TEST_KEYS"))
    for name, live, test, dev in (
        (
            "STRIPE_SECRET_KEY",
            ("sk_live_", "rk_live_"),
            ("sk_test_", "rk_test_"),
            DEV_STRIPE_SECRET_KEY,
        ),
        ("STRIPE_PUBLISHABLE_KEY", ("pk_live_",), ("pk_test_",), DEV_STRIPE_PUBLISHABLE_KEY),
    ):
        value = str(values[name])
        if value == dev:
            problems.append(f"{name}: the development placeholder {dev!r}")
        elif problem := _stripe_key_problem(value, live=live, test=test, allow_test=allow_test):
            problems.append(f"{name}: {problem}")
    secret = str(values["STRIPE_WEBHOOK_SECRET"])
    if secret == DEV_STRIPE_WEBHOOK_SECRET or not secret.startswith("whsec_"):
        problems.append("STRIPE_WEBHOOK_SECRET: not the endpoint's signing secret (whsec_…)")
    base = str(values["STRIPE_API_BASE"])
    if base and base.rstrip("/") != STRIPE_API:
        problems.append(f"STRIPE_API_BASE: {base!r} is not Stripe (a localstripe?); leave it empty")
    if values["STRIPE_LOCAL_WEBHOOKS"]:
        problems.append(
            "STRIPE_LOCAL_WEBHOOKS: must be off (the pay page would post its own events)"
        )
    if values["DEMO_SEED_ALLOWED"]:
        problems.append("DEMO_SEED_ALLOWED: must be off (demo users have a published password)")
    accounts = values["PAYOUT_DEBTOR_ACCOUNTS"]
    if any(is_example(a) for a in accounts if isinstance(a, Mapping)):
        problems.append("PAYOUT_DEBTOR_ACCOUNTS: the textbook example account")
    return problems


def refuse_unsafe_production(values: Mapping[str, object], environ: Mapping[str, str]) -> None:
    problems = production_problems(values, environ)
    if problems:
        raise ImproperlyConfigured(
            "Refusing to start with DJANGO_ENV=production:\n  " + "\n  ".join(problems)
        )
