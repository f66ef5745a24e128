"""catalog.kernel.money.Money: one currency per sum, half-even to the minor unit."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from catalog.kernel.money import CurrencyMismatch, Money

amounts = st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False)


def test_currency_is_validated_and_upper_cased():
    assert Money("12.5", "usd") == Money(Decimal("12.50"), "USD")
    with pytest.raises(ValidationError):
        Money(1, "XXX")
    with pytest.raises(TypeError):
        Money(0.1, "USD")


def test_mixed_currencies_are_refused():
    with pytest.raises(CurrencyMismatch):
        Money(1, "USD") + Money(1, "EUR")
    with pytest.raises(CurrencyMismatch):
        _ = Money(1, "USD") < Money(2, "VND")
    assert Money(1, "USD") != Money(1, "EUR")


def test_rounded_is_half_even_to_minor_units():
    assert Money("0.125", "USD").rounded() == Money("0.12", "USD")
    assert Money("0.135", "USD").rounded() == Money("0.14", "USD")
    assert Money("2500.5", "VND").rounded() == Money("2500", "VND")
    assert Money("1.2345", "KWD").rounded().amount == Decimal("1.234")


def test_minor_units_round_trip():
    assert Money("12.34", "USD").to_minor() == 1234
    assert Money(25000, "VND").to_minor() == 25000
    assert Money.from_minor(1234, "usd") == Money("12.34", "USD")
    with pytest.raises(ValidationError):
        Money("0.001", "USD").to_minor()


@given(amounts, amounts)
def test_sum_is_exact_and_commutative(a, b):
    assert Money(a, "EUR") + Money(b, "EUR") == Money(b, "EUR") + Money(a, "EUR")
    assert (Money(a, "EUR") + Money(b, "EUR") - Money(b, "EUR")).amount == a
    assert (Money(a, "EUR") * 3).amount == a * 3
