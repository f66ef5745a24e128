"""Payees with bank accounts in their country's scheme, and money owed to them."""

from __future__ import annotations

from decimal import Decimal

from finance.ledger.services import account_for, journal_post
from finance.models import PayeeProfile, PayoutProvider
from finance.payees.schemes import normalised
from tests.factories.catalog import make_party

# One real-shaped account per scheme: banks' own BICs, published clearing codes
# (ICBC head office's CNAPS code, DBS's SGIBG bank 7171 / branch 081, Bangkok Bank's 002).
BANK_ACCOUNTS = {
    "CN": {
        "currency": "CNY",
        "account_number": "6222021001122334455",
        "bic": "ICBKCNBJ",
        "bank_code": "102100099996",
    },
    "VN": {"currency": "VND", "account_number": "0071001234567", "bic": "BFTVVNVX"},
    "TH": {
        "currency": "THB",
        "account_number": "1234567890",
        "bic": "BKKBTHBK",
        "bank_code": "002",
    },
    "MY": {"currency": "MYR", "account_number": "514123456789", "bic": "MBBEMYKL"},
    "SG": {
        "currency": "SGD",
        "account_number": "0123456789",
        "bic": "DBSSSGSG",
        "bank_code": "7171",
        "branch_code": "081",
    },
    "DE": {"currency": "EUR", "iban": "DE02120300000000202051", "bic": "BYLADEM1001"},
}


def bank_payee(*, name: str, country: str, party_country: str = "", **overrides: str):
    """A party paid by bank transfer to an account in ``country`` (stored as the payee
    page stores it: through the scheme's validation)."""
    party = make_party(name=name, country=party_country or country)
    account = BANK_ACCOUNTS[country] | overrides
    fields = normalised(bank_country=country, account_holder=f"{name} Ltd", **account)
    PayeeProfile.objects.create(party=party, method=PayoutProvider.PAIN001, **fields)
    return party


def owe(party, currency: str, amount: str, key: str) -> None:
    """Money the platform owes ``party`` with no document behind it (a manual credit)."""
    journal_post(
        memo="owed",
        lines=[
            (account_for(party=None, kind="cash_in_transit", currency=currency), Decimal(amount)),
            (account_for(party=party, kind="payable", currency=currency), -Decimal(amount)),
        ],
        idempotency_key=key,
    )
