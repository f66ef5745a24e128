from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from finance.payouts.debtors import example_debtor_accounts

BASE_DIR = Path(__file__).resolve().parents[2]


# Production-shaped values, each one different from the development default.
SAFE_PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "p9$Zk2!vQx7@Lm4#Rt8&Wn3^Yb6*Hc1(Jd5)Fg0-Ss_Ee+Aa=Uu",
    "STRIPE_SECRET_KEY": "sk_live_51AbCdEfGhIjKlMnOpQrStUv",
    "STRIPE_PUBLISHABLE_KEY": "pk_live_51AbCdEfGhIjKlMnOpQrStUv",
    "STRIPE_WEBHOOK_SECRET": "whsec_4f9b2c7d1e8a6f3b0c5d2e9a7f4b1c8d",
    "PAYOUT_DEBTOR_ACCOUNTS": json.dumps(
        [
            {
                "key": "bukb-gb",
                "name": "Copyright Exchange Ltd.",
                "country": "GB",
                "iban": "GB33BUKB20201555555555",
                "bic": "BUKBGB22XXX",
                "currencies": ["*"],
            }
        ]
    ),
    "ALLOWED_HOSTS": "exchange.example.org",
}
# Whatever the developer's shell or the test run has set must not leak into the child.
CLEARED = {
    "SECRET_KEY",
    "DEBUG",
    "DJANGO_ENV",
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_API_BASE",
    "STRIPE_LOCAL_WEBHOOKS",
    "STRIPE_ALLOW_TEST_KEYS",
    "DEMO_SEED_ALLOWED",
    "PAYOUT_DEBTOR_ACCOUNTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    # Set by the browser tests for Playwright's event loop; never part of a deployment.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _child_env(env: dict[str, str], drop: tuple[str, ...] = ()) -> dict[str, str]:
    full_env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    full_env.update(env)
    for name in drop:
        full_env.pop(name, None)
    return full_env


def _import_settings(*, drop: tuple[str, ...] = (), **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import marketplace.settings"],
        cwd=BASE_DIR,
        env=_child_env(env, drop),
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_ENV": "production"}, "SECRET_KEY"),
        ({"DJANGO_ENV": "production", "SECRET_KEY": "x" * 50, "DEBUG": "1"}, "DEBUG"),
    ],
)
def test_production_refuses_unsafe_settings(env, message):
    result = _import_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


# Each development default, alone, stops a production process (and the message names it).
@pytest.mark.parametrize(
    ("override", "drop", "setting"),
    [
        ({"STRIPE_WEBHOOK_SECRET": "whsec_local_dev_secret"}, (), "STRIPE_WEBHOOK_SECRET"),
        ({}, ("STRIPE_WEBHOOK_SECRET",), "STRIPE_WEBHOOK_SECRET"),
        ({"STRIPE_SECRET_KEY": "sk_test_local"}, (), "STRIPE_SECRET_KEY"),
        ({}, ("STRIPE_SECRET_KEY",), "STRIPE_SECRET_KEY"),
        ({"STRIPE_PUBLISHABLE_KEY": "pk_test_local"}, (), "STRIPE_PUBLISHABLE_KEY"),
        ({}, ("STRIPE_PUBLISHABLE_KEY",), "STRIPE_PUBLISHABLE_KEY"),
        ({"STRIPE_SECRET_KEY": "sk_test_51AbCdEf"}, (), "STRIPE_SECRET_KEY"),
        ({"STRIPE_LOCAL_WEBHOOKS": "1"}, (), "STRIPE_LOCAL_WEBHOOKS"),
        ({"STRIPE_API_BASE": "http://127.0.0.1:8420"}, (), "STRIPE_API_BASE"),
        ({"DEBUG": "1"}, (), "DEBUG"),
        ({"SECRET_KEY": "k" * 60}, (), "SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + SAFE_PRODUCTION["SECRET_KEY"]}, (), "SECRET_KEY"),
        ({}, ("SECRET_KEY",), "SECRET_KEY"),
        ({"DEMO_SEED_ALLOWED": "1"}, (), "DEMO_SEED_ALLOWED"),
        (
            {"PAYOUT_DEBTOR_ACCOUNTS": json.dumps(example_debtor_accounts("Exchange"))},
            (),
            "PAYOUT_DEBTOR_ACCOUNTS",
        ),
        ({}, ("PAYOUT_DEBTOR_ACCOUNTS",), "PAYOUT_DEBTOR_ACCOUNTS"),
    ],
)
def test_production_refuses_each_development_default(override, drop, setting):
    result = _import_settings(drop=drop, **(SAFE_PRODUCTION | override))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert setting in result.stderr, result.stderr


def test_production_starts_with_safe_settings():
    result = _import_settings(**SAFE_PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_staging_may_use_stripe_test_keys_when_it_says_so():
    result = _import_settings(
        **SAFE_PRODUCTION
        | {
            "STRIPE_SECRET_KEY": "sk_test_51AbCdEf",
            "STRIPE_PUBLISHABLE_KEY": "pk_test_51AbCdEf",
            "STRIPE_ALLOW_TEST_KEYS": "1",
        }
    )
    assert result.returncode == 0, result.stderr


def test_production_settings_harden_http():
    code = (
        "from marketplace import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_REFERRER_POLICY,"
        " s.SECURE_REDIRECT_EXEMPT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=_child_env(SAFE_PRODUCTION),
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == [
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "strict-origin-when-cross-origin",
        "['^healthz(/live|/ready)?$']",  # the load balancer's plain-http probes
    ], result.stderr
    # A proxy that terminates TLS and redirects itself turns Django's redirect off.
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=_child_env(SAFE_PRODUCTION | {"SECURE_SSL_REDIRECT": "0"}),
        capture_output=True,
        text=True,
    )
    assert result.stdout.split()[2] == "False", result.stderr


@pytest.mark.slow
def test_check_deploy_is_clean_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=BASE_DIR,
        env=_child_env(SAFE_PRODUCTION),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.slow
def test_no_missing_migrations():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_entirely_numeric_passwords_are_refused():
    with pytest.raises(ValidationError) as refused:
        validate_password("739182645290")
    assert [e.code for e in refused.value.error_list] == ["password_entirely_numeric"]
