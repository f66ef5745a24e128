"""The platform's own bank accounts that pay pain.001 payout files (the debtor accounts).

``settings.PAYOUT_DEBTOR_ACCOUNTS`` is a list of dicts, from the JSON environment
variable of the same name::

    [{"key": "hsbc-sg", "name": "Copyright Exchange Pte. Ltd.", "country": "SG",
      "account_number": "141234567001", "bic": "HSBCSGSGXXX", "currencies": ["USD", "SGD"]},
     {"key": "icbc-cn", "name": "…", "country": "CN", "account_number": "…",
      "bic": "ICBKCNBJXXX", "currencies": ["CNY"]},
     {"key": "db-de", "name": "…", "country": "DE", "iban": "DE…", "bic": "DEUTDEFFXXX",
      "currencies": ["*"]}]

A payout in a currency is paid from the account that lists the currency, else from
the one that lists ``"*"``; each (account, currency) becomes its own file, because a
bank takes a file per account and books one currency per PmtInf anyway.

This module imports no model: ``marketplace/settings.py`` reads the example account
from it, so the production check and the development default cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pycountry
from django.core.exceptions import ImproperlyConfigured
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from catalog.kernel.money import STRIPE_CURRENCIES

# The textbook example account (Commerzbank, IBAN registry): valid, and not ours.
EXAMPLE_IBAN = "DE89370400440532013000"
EXAMPLE_BIC = "COBADEFFXXX"


def example_debtor_accounts(name: str) -> list[dict]:
    """The development default: every currency from the example account."""
    return [
        {
            "key": "example",
            "name": name,
            "country": "DE",
            "iban": EXAMPLE_IBAN,
            "bic": EXAMPLE_BIC,
            "currencies": ["*"],
        }
    ]


def is_example(account: Mapping) -> bool:
    # The IBAN names the account; the BIC alone is Commerzbank's head office, which a
    # real account of the platform may well use.
    return str(account.get("iban", "")).replace(" ", "").upper() == EXAMPLE_IBAN


# Short: it goes into the Max35Text message id with the run number and the currency.
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,11}$")
ANY_CURRENCY = "*"


@dataclass(frozen=True)
class DebtorAccount:
    key: str
    name: str
    country: str
    bic: str
    iban: str
    account_number: str
    currencies: tuple[str, ...]


def _problems_of(n: int, raw: object) -> tuple[list[str], DebtorAccount | None]:
    where = f"PAYOUT_DEBTOR_ACCOUNTS[{n}]"
    if not isinstance(raw, Mapping):
        return [f"{where}: not an object"], None
    problems: list[str] = []
    key = str(raw.get("key", ""))
    if not KEY.match(key):
        problems.append(f"{where}.key: {key!r} is not 1-12 of a-z, 0-9 and '-'")
    name = str(raw.get("name", "")).strip()
    if not name or len(name) > 140:
        problems.append(f"{where}.name: the account holder's name (1-140 characters)")
    country = str(raw.get("country", "")).upper()
    if pycountry.countries.get(alpha_2=country) is None:
        problems.append(f"{where}.country: {country!r} is not an ISO 3166 country code")
    iban = str(raw.get("iban", "")).replace(" ", "").upper()
    number = str(raw.get("account_number", "")).replace(" ", "")
    if iban:
        try:
            iban = stdnum_iban.validate(iban)
        except StdnumError:
            problems.append(f"{where}.iban: {iban!r} is not a valid IBAN")
    elif not number or len(number) > 34:
        problems.append(f"{where}: an iban, or an account_number of at most 34 characters")
    bic = str(raw.get("bic", "")).replace(" ", "").upper()
    try:
        bic = stdnum_bic.validate(bic)
    except StdnumError:
        problems.append(f"{where}.bic: {bic!r} is not a valid BIC")
    currencies = raw.get("currencies", [ANY_CURRENCY])
    if isinstance(currencies, str) or not isinstance(currencies, Iterable) or not currencies:
        problems.append(f'{where}.currencies: a list of ISO 4217 codes, or ["*"]')
        currencies = []
    currencies = tuple(str(c).upper() for c in currencies)
    for code in currencies:
        if code != ANY_CURRENCY and code not in STRIPE_CURRENCIES:
            problems.append(f"{where}.currencies: {code!r} is not a currency the platform uses")
    account = DebtorAccount(key, name, country, bic, iban, "" if iban else number, currencies)
    return problems, account


def debtor_account_problems(config: object) -> list[str]:
    """One line per problem of the setting, naming the entry and field; empty when usable."""
    if not isinstance(config, list) or not config:
        return ["PAYOUT_DEBTOR_ACCOUNTS: a non-empty list of accounts"]
    problems: list[str] = []
    seen_keys: set[str] = set()
    seen_currencies: dict[str, str] = {}
    for n, raw in enumerate(config):
        found, account = _problems_of(n, raw)
        problems += found
        if account is None:
            continue
        if account.key in seen_keys:
            problems.append(f"PAYOUT_DEBTOR_ACCOUNTS[{n}].key: {account.key!r} is used twice")
        seen_keys.add(account.key)
        for code in account.currencies:
            if code in seen_currencies:
                problems.append(
                    f"PAYOUT_DEBTOR_ACCOUNTS[{n}].currencies: {code} is already paid from "
                    f"{seen_currencies[code]!r}"
                )
            seen_currencies[code] = account.key
    return problems


def debtor_accounts(config: object) -> list[DebtorAccount]:
    problems = debtor_account_problems(config)
    if problems:  # the system check (finance.E001) names these at start-up too
        raise ImproperlyConfigured("; ".join(problems))
    return [account for _, account in (_problems_of(n, raw) for n, raw in enumerate(config))]


def debtor_account_for(accounts: list[DebtorAccount], currency: str) -> DebtorAccount | None:
    """The account that pays ``currency``: the one listing it, else the ``"*"`` one."""
    for wanted in (currency, ANY_CURRENCY):
        for account in accounts:
            if wanted in account.currencies:
                return account
    return None
