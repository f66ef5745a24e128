from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalog.kernel.money import from_minor, minor_digits, to_minor, validate_currency
from licensing.terms import Terms


def terms_data(**overrides):
    data = {
        "currency": "USD",
        "rights": [
            {
                "right_type": "translation",
                "territories": ["VN"],
                "languages": ["vi"],
                "start": "2027-01-01",
                "end": "2031-12-31",
                "exclusive": True,
            }
        ],
        "flat_fee": "0",
        "advance": "5000.00",
        "royalty_rates": [
            {
                "channel": "retail",
                "basis": "list_price",
                "rate": "8",
                "escalators": [{"above_units": 5000, "rate": "10"}],
            }
        ],
    }
    data.update(overrides)
    return data


def test_round_trip_and_diff():
    terms = Terms.from_dict(terms_data())
    assert Terms.from_dict(terms.to_dict()) == terms
    countered = Terms.from_dict(terms_data(advance="6000.00"))
    assert countered.diff(terms) == [("advance", "5000.00", "6000.00")]
    assert terms.installments()[0].amount == Decimal("5000.00")


def test_escalator_boundary_is_exact():
    rate = Terms.from_dict(terms_data()).royalty_rates[0]
    assert rate.rate_for_cumulative(4999) == Decimal(8)  # the 5000th unit
    assert rate.rate_for_cumulative(5000) == Decimal(10)  # the 5001st unit


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "MMKX"}, "currency"),
        (
            {"rights": [{**terms_data()["rights"][0], "end": "2026-01-01"}]},
            "rights.0.end",
        ),
        (
            {"rights": [{**terms_data()["rights"][0], "territories": ["XX"]}]},
            "rights.0.territories",
        ),
        (
            {"rights": [{**terms_data()["rights"][0], "languages": ["not a tag!"]}]},
            "rights.0.languages",
        ),
        (
            {"royalty_rates": [{"channel": "retail", "basis": "list_price", "rate": "101"}]},
            "royalty_rates.0.rate",
        ),
        (
            {"royalty_rates": [{"channel": "retail", "basis": "net_receipts", "rate": "-1"}]},
            "royalty_rates.0.rate",
        ),
        ({"currency": "VND", "advance": "10.5"}, "advance"),
    ],
)
def test_bad_input_names_the_field(overrides, field):
    with pytest.raises(ValidationError) as exc:
        Terms.from_dict(terms_data(**overrides))
    assert field in exc.value.message_dict


def test_minor_units_follow_stripe():
    assert minor_digits("VND") == 0 and minor_digits("USD") == 2 and minor_digits("KWD") == 3
    assert to_minor(Decimal("12.34"), "USD") == 1234
    assert to_minor(Decimal("150000"), "VND") == 150000
    assert from_minor(1234, "USD") == Decimal("12.34")
    with pytest.raises(ValidationError):
        to_minor(Decimal("1.001"), "USD")
    with pytest.raises(ValidationError):
        validate_currency("ABC")
