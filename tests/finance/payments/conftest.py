"""Stripe Connect answered from the recorded responses (tests/finance/stripe_connect.py)."""

from tests.finance.stripe_connect import recorded_connect  # noqa: F401 (fixture)
