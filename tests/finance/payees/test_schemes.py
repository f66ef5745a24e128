"""Each country's bank account scheme: a valid account in its own form, and the mistakes
people make, each refused on its own field with a message that says what is expected."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from finance.models import PayeeProfile
from finance.payees.schemes import check_payee_account, normalised, scheme_for, supported_countries

VALID = {
    "CN": {
        "account_number": "6222 0210 0112 3456 789",
        "bic": "ICBKCNBJ",
        "bank_code": "102100000030",
        "currency": "CNY",
    },
    "VN": {"account_number": "0071000123456", "bic": "BFTVVNVX", "currency": "VND"},
    "TH": {"account_number": "123-4-56789-0", "bic": "BKKBTHBK", "bank_code": "002"},
    "MY": {"account_number": "514012345678", "bic": "MBBEMYKL", "currency": "MYR"},
    "ID": {"account_number": "1234567890", "bic": "CENAIDJA", "currency": "IDR"},
    "PH": {"account_number": "001234567890", "bic": "BNORPHMM", "currency": "PHP"},
    "KH": {"account_number": "000 123 456", "bic": "ABAAKHPP", "currency": "USD"},
    "MM": {"account_number": "02730102345678901", "bic": "KBZBMMMY", "currency": "MMK"},
    "LA": {"account_number": "010120001234567001", "bic": "COEBLALA", "currency": "LAK"},
    "SG": {
        "account_number": "0123456789",
        "bic": "DBSSSGSG",
        "bank_code": "7171",
        "branch_code": "001",
        "currency": "SGD",
    },
    "DE": {"iban": "de89 3704 0044 0532 0130 00", "currency": "EUR"},
    "US": {"account_number": "000123456789", "bank_code": "021000021", "currency": "USD"},
}

# (country, changes to the valid account, field refused, words of the message)
INVALID = [
    ("CN", {"bank_code": "10210000003"}, "bank_code", "12"),
    ("CN", {"bic": "BFTVVNVX"}, "bic", "Vietnam"),
    ("CN", {"account_number": "62220210A1123456789"}, "account_number", "digits only"),
    ("VN", {"account_number": "12345"}, "account_number", "6 to 19 digits"),
    ("VN", {"bic": "BFTVVNV"}, "bic", "8 or 11"),
    ("TH", {"account_number": "123456789"}, "account_number", "10 to 12 digits"),
    ("TH", {"bank_code": "02"}, "bank_code", "Bank of Thailand bank code"),
    ("MY", {"account_number": "5140123"}, "account_number", "8 to 17 digits"),
    ("MY", {"currency": "EUR"}, "currency", "MYR, USD"),
    ("ID", {"account_number": "1" * 19}, "account_number", "this one has 19"),
    ("PH", {"account_number": "00123456789A"}, "account_number", "digits only"),
    ("KH", {"currency": "EUR"}, "currency", "USD, KHR"),
    ("MM", {"bic": "KBZBTHMY"}, "bic", "Thailand"),
    ("LA", {"bic": ""}, "bic", "BIC"),
    ("SG", {"branch_code": "01"}, "branch_code", "3 digits"),
    ("SG", {"bank_code": ""}, "bank_code", "Enter the bank code"),
    ("DE", {"iban": "DE89370400440532013001"}, "iban", "check digits"),
    ("DE", {"iban": "DE8937040044053201300"}, "iban", "22 characters"),
    ("DE", {"iban": "FR1420041010050500013M02606"}, "iban", "France"),
    ("US", {"bank_code": "021000022"}, "bank_code", "check digit"),
]


def account(country: str, **changes: str) -> dict[str, str]:
    return {"bank_country": country, "account_holder": "Nguyễn Văn An", **VALID[country], **changes}


@pytest.mark.parametrize("country", sorted(VALID))
def test_a_valid_account_of_each_country_is_stored_compact(country):
    clean = normalised(**account(country))
    scheme = scheme_for(country)
    for name in scheme.required():
        assert clean[name] and " " not in clean[name] and "-" not in clean[name]
    assert clean["clearing_system"] == scheme.clearing_system
    assert clean["currency"] == VALID[country].get("currency", scheme.currency)
    # Fields the scheme does not use are blank, so no stale number travels in a bank file.
    unused = {"iban", "account_number", "bank_code", "branch_code"} - set(scheme.fields())
    assert all(clean[name] == "" for name in unused)


@pytest.mark.parametrize(("country", "changes", "field", "words"), INVALID)
def test_a_mistake_is_refused_on_its_field(country, changes, field, words):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        normalised(**account(country, **changes))
    errors = refused.value.message_dict
    assert list(errors) == [field], errors
    assert words in errors[field][0]


def test_every_problem_is_named_at_once():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        normalised(bank_country="CN", account_holder="", currency="", account_number="12")
    errors = refused.value.message_dict
    assert set(errors) == {"account_holder", "account_number", "bic", "bank_code"}
    assert errors["bank_code"] == ["Enter the CNAPS bank code (12 digits)."]
    assert errors["account_number"] == ["The account number has 12 to 30 digits; this one has 2."]


def test_unsupported_and_missing_country():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        normalised(bank_country="AO", account_holder="A", currency="")  # IBAN only "aspirational"
    assert "Angola" in refused.value.message_dict["bank_country"][0]
    with pytest.raises(ValidationError) as refused:
        normalised(bank_country="", account_holder="A", currency="")
    assert "bank_country" in refused.value.message_dict


def test_the_iban_names_its_country_and_bic_when_known():
    clean = normalised(
        bank_country="", account_holder="A", currency="EUR", iban=VALID["DE"]["iban"]
    )
    assert clean["bank_country"] == "DE" and clean["bic"] == "COBADEFFXXX"


def test_the_ten_countries_of_the_issue_and_iban_countries_are_supported():
    countries = set(supported_countries())
    assert {"CN", "VN", "TH", "MY", "ID", "PH", "KH", "MM", "LA", "SG"} <= countries
    assert {"DE", "FR", "GB", "CH", "TR", "SA"} <= countries
    assert all(not scheme_for(c).iban for c in ("CN", "VN", "TH", "MY", "ID", "PH", "KH", "LA"))


def test_check_payee_account_reads_the_profile():
    profile = PayeeProfile(method="pain001", **account("VN"))
    check_payee_account(profile)
    profile.account_number = "12"
    with pytest.raises(ValidationError) as refused:
        check_payee_account(profile)
    assert set(refused.value.message_dict) == {"account_number"}
