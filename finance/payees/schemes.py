"""Bank account schemes: what a payee's bank account looks like in the country that holds it.

A country uses an IBAN, or an account number with the bank's BIC and, where the country's
clearing system routes by it, a clearing-system member id (``clearing_system`` is the ISO
20022 ExternalClearingSystemIdentification1Code the pain.001 file names; ``bank_code`` the
member id, ``branch_code`` the branch where the scheme has one). IBANs and BICs are checked
by schwifty (SWIFT's IBAN registry: length, structure, ISO 7064 check digits and the
national BBAN checksums it knows; ISO 9362 BIC structure and country). python-stdnum has
no bank-account number for any of the ASEAN countries or China; it is used where it has
one (the US ABA routing number).

Where a rule below is only a length and digits check it says so: most banks in these
countries publish their own account-number lengths and no national checksum, so the range
is a plausibility bound that catches a pasted phone number or a missing digit, not proof
that the account exists (the bank's reply to the payout is).

| country | fields | account number | clearing code | currency | rule |
|---|---|---|---|---|---|
| CN | account, BIC, CNAPS | 12–30 digits, length only | CNAPS 12 digits | CNY, USD | [1] |
| SG | account, BIC, bank, branch | 7–14 digits, length only | SGIBG 4+3 digits | SGD, USD | [2] |
| TH | account, BIC, bank code | 10–12 digits, length only | THCBC 3 digits, opt. | THB, USD | [3] |
| VN | account, BIC | 6–19 digits, length only | — | VND, USD | [4] |
| MY | account, BIC | 8–17 digits, length only | — | MYR, USD | [4] |
| ID | account, BIC | 8–18 digits, length only | — | IDR, USD | [4] |
| PH | account, BIC | 8–16 digits, length only | — | PHP, USD | [4] |
| KH | account, BIC | 6–20 digits, length only | — | USD, KHR | [4] |
| MM | account, BIC | 8–20 digits, length only | — | MMK, USD | [4] |
| LA | account, BIC | 8–20 digits, length only | — | LAK, USD, THB | [4] |
| US | account, ABA (BIC) | 4–17 digits (NACHA field) | USABA 9 digits, check digit | USD | [5] |
| IBAN countries | IBAN (BIC) | IBAN: length, structure, checksums | — | local, EUR, USD | [6] |

[1] ISO 20022 ExternalClearingSystemIdentification1Code CNAPS, 12!n: the People's Bank of
    China payment-system participant code (支付系统行号) of the account's branch. Account
    numbers (UnionPay card numbers 16–19 digits, corporate accounts up to 25 and more) have
    no published national format.
[2] ISO 20022 code SGIBG, 7!n: the Association of Banks in Singapore's 4-digit bank code and
    3-digit branch code, used by GIRO, FAST and MEPS+. Account lengths are each bank's own
    (POSB 9, DBS, OCBC and UOB 10, some 12).
[3] ISO 20022 code THCBC, 3!n: the Bank of Thailand's bank code (BAHTNET, ITMX). Accounts
    have 10 digits at the commercial banks, 12 at GSB, BAAC and GHB.
[4] No clearing code in the ISO 20022 list (Vietnam's SBV bank codes, Indonesia's sandi
    bank and the Philippines' BRSTN are domestic; IBG, DuitNow, BI-FAST, PESONet, Bakong
    and the rest route foreign transfers by BIC). The lengths are plausibility bounds drawn
    from the banks' own published formats (e.g. Vietcombank 13, Maybank 12, BCA 10, BRI 15,
    BDO 10/12, ABA Bank 9, KBZ 17, BCEL 18), with room for the chosen "số đẹp" numbers of
    Vietnamese banks. Cambodian deposits are mostly in US dollars, hence USD first.
[5] ISO 20022 code USABA: the 9-digit ABA routing number, check digit by python-stdnum
    (stdnum.us.rtn); NACHA's account-number field holds up to 17 characters.
[6] SWIFT's IBAN registry through schwifty (every country not marked "aspirational"):
    length, structure, ISO 7064 check digits and the national BBAN checksums schwifty knows;
    the BIC is derived from the IBAN where schwifty's bank registry has the bank.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import pycountry
from babel.numbers import get_territory_currencies
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from schwifty import BIC, IBAN
from schwifty import exceptions as schwifty_errors
from schwifty import registry as schwifty_registry
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.us import rtn

from catalog.territories import country_name

if TYPE_CHECKING:
    from finance.models import PayeeProfile

# The fields that say where the money goes: a change to any of them is a change of bank
# details (cooling-off, e-mail to the party's admins).
ACCOUNT_FIELDS = (
    "bank_country",
    "account_holder",
    "iban",
    "account_number",
    "bic",
    "clearing_system",
    "bank_code",
    "branch_code",
)
HOLDER_MAX = 140  # pain.001 Cdtr/Nm


@dataclass(frozen=True)
class Digits:
    low: int
    high: int

    def text(self) -> str:
        if self.low == self.high:
            return ngettext("%(n)s digit", "%(n)s digits", self.low) % {"n": self.low}
        return _("%(low)s to %(high)s digits") % {"low": self.low, "high": self.high}


@dataclass(frozen=True)
class Code:
    """A digits-only number the payee types: the account number or a clearing code."""

    name: object  # lazy translated label, e.g. "CNAPS bank code"
    digits: Digits
    required: bool = True
    checksum: Callable[[str], str] | None = None  # python-stdnum's validate, where it has one


@dataclass(frozen=True)
class Scheme:
    country: str
    currencies: tuple[str, ...]  # the first is the default payout currency
    iban: bool = False
    account: Code | None = None
    bic_required: bool = True
    clearing_system: str = ""
    bank_code: Code | None = None
    branch_code: Code | None = None

    @property
    def currency(self) -> str:
        return self.currencies[0]

    def fields(self) -> tuple[str, ...]:
        """The inputs the payee page shows for this country."""
        shown = ["iban"] if self.iban else ["account_number"]
        shown.append("bic")
        shown += [n for n in ("bank_code", "branch_code") if getattr(self, n) is not None]
        return tuple(shown)

    def required(self) -> tuple[str, ...]:
        names = ["iban"] if self.iban else ["account_number"]
        if self.bic_required:
            names.append("bic")
        for name in ("bank_code", "branch_code"):
            code = getattr(self, name)
            if code is not None and code.required:
                names.append(name)
        return tuple(names)


ACCOUNT = gettext_lazy("account number")


def _account(low: int, high: int) -> Code:
    return Code(ACCOUNT, Digits(low, high))


def _local(country: str, low: int, high: int, *currencies: str) -> Scheme:
    return Scheme(country, currencies, account=_account(low, high))


NATIONAL: dict[str, Scheme] = {
    "CN": Scheme(
        "CN",
        ("CNY", "USD"),
        account=_account(12, 30),
        clearing_system="CNAPS",
        bank_code=Code(gettext_lazy("CNAPS bank code"), Digits(12, 12)),
    ),
    "SG": Scheme(
        "SG",
        ("SGD", "USD"),
        account=_account(7, 14),
        clearing_system="SGIBG",
        bank_code=Code(gettext_lazy("bank code"), Digits(4, 4)),
        branch_code=Code(gettext_lazy("branch code"), Digits(3, 3)),
    ),
    "TH": Scheme(
        "TH",
        ("THB", "USD"),
        account=_account(10, 12),
        clearing_system="THCBC",
        bank_code=Code(gettext_lazy("Bank of Thailand bank code"), Digits(3, 3), required=False),
    ),
    "VN": _local("VN", 6, 19, "VND", "USD"),
    "MY": _local("MY", 8, 17, "MYR", "USD"),
    "ID": _local("ID", 8, 18, "IDR", "USD"),
    "PH": _local("PH", 8, 16, "PHP", "USD"),
    "KH": _local("KH", 6, 20, "USD", "KHR"),
    "MM": _local("MM", 8, 20, "MMK", "USD"),
    "LA": _local("LA", 8, 20, "LAK", "USD", "THB"),
    "US": Scheme(
        "US",
        ("USD",),
        account=_account(4, 17),
        bic_required=False,
        clearing_system="USABA",
        bank_code=Code(gettext_lazy("ABA routing number"), Digits(9, 9), checksum=rtn.validate),
    ),
}


@cache
def _iban_countries() -> frozenset[str]:
    """Countries of SWIFT's IBAN registry; schwifty also lists "aspirational" ones whose
    banks do not use IBANs yet, which are left out."""
    names = set()
    for country in pycountry.countries:
        code = country.alpha_2
        try:
            spec = schwifty_registry.get_iban_spec(code)
        except schwifty_errors.InvalidCountryCode:
            continue
        if not spec.aspirational:
            names.add(code)
    return frozenset(names)


def scheme_for(country: str) -> Scheme | None:
    country = (country or "").upper()
    if country in NATIONAL:
        return NATIONAL[country]
    if country in _iban_countries():
        local = [c for c in get_territory_currencies(country) if c not in ("EUR", "USD")][:1]
        currencies = tuple(dict.fromkeys([*local, "EUR", "USD"]))
        return Scheme(country, currencies, iban=True, bic_required=False)
    return None


def supported_countries() -> list[str]:
    return sorted(set(NATIONAL) | _iban_countries())


def country_choices() -> list[tuple[str, str]]:
    """(code, name in the active language), sorted by name: people choose by label."""
    return sorted(((c, country_name(c)) for c in supported_countries()), key=lambda p: p[1])


def compact(value: str) -> str:
    """What people paste: spaces, dashes and dots between groups of digits go."""
    return "".join(ch for ch in (value or "") if ch not in " -./\u00a0\t").upper()


def _check_code(code: Code, value: str, errors: dict, name: str) -> str:
    if not value:
        if code.required:
            errors[name] = _("Enter the %(name)s (%(digits)s).") % {
                "name": code.name,
                "digits": code.digits.text(),
            }
        return ""
    if not (value.isascii() and value.isdigit()):
        errors[name] = _("The %(name)s has digits only (%(digits)s).") % {
            "name": code.name,
            "digits": code.digits.text(),
        }
    elif not code.digits.low <= len(value) <= code.digits.high:
        errors[name] = _("The %(name)s has %(digits)s; this one has %(count)s.") % {
            "name": code.name,
            "digits": code.digits.text(),
            "count": len(value),
        }
    elif code.checksum is not None:
        try:
            code.checksum(value)
        except StdnumError:
            errors[name] = _("The %(name)s's check digit does not match: a digit is mistyped.") % {
                "name": code.name
            }
    return value


def _check_iban(value: str, country: str, errors: dict) -> IBAN | None:
    if not value:
        errors["iban"] = _("Enter the IBAN.")
        return None
    try:
        iban = IBAN(value, validate_bban=True)
    except schwifty_errors.InvalidChecksumDigits:
        errors["iban"] = _(
            "The IBAN's check digits do not match: a character is mistyped or two are swapped."
        )
        return None
    except schwifty_errors.InvalidLength:
        length = schwifty_registry.get_iban_spec(country).iban_length
        errors["iban"] = _(
            "An IBAN from %(country)s has %(length)s characters; this one has %(count)s."
        ) % {"country": country_name(country), "length": length, "count": len(value)}
        return None
    except schwifty_errors.SchwiftyException:
        errors["iban"] = _("This is not a valid IBAN for %(country)s.") % {
            "country": country_name(country)
        }
        return None
    if iban.country_code != country:
        errors["iban"] = _("This IBAN is of an account in %(other)s, not %(country)s.") % {
            "other": country_name(iban.country_code),
            "country": country_name(country),
        }
        return None
    return iban


def _check_bic(value: str, scheme: Scheme, errors: dict) -> str:
    if not value:
        if scheme.bic_required:
            errors["bic"] = _("Enter the bank's BIC (SWIFT code): 8 or 11 characters.")
        return ""
    try:
        bic = BIC(value)
    except schwifty_errors.SchwiftyException:
        errors["bic"] = _(
            "This is not a valid BIC (SWIFT code): 8 or 11 characters, 4 letters for the bank, "
            "2 for the country, 2 letters or digits for the place, optionally 3 for the branch."
        )
        return value
    # An IBAN country's territories may bank with BICs of another (GF, GP … use FR).
    if not scheme.iban and bic.country_code != scheme.country:
        errors["bic"] = _("This BIC is of a bank in %(other)s, not %(country)s.") % {
            "other": country_name(bic.country_code),
            "country": country_name(scheme.country),
        }
    return str(bic)


def normalised(
    *,
    bank_country: str,
    account_holder: str,
    currency: str = "",
    iban: str = "",
    account_number: str = "",
    bic: str = "",
    bank_code: str = "",
    branch_code: str = "",
) -> dict[str, str]:
    """The account in its stored form (compact, upper case, fields the scheme does not use
    blank, the clearing system and a blank currency filled in), or a ValidationError keyed
    by field naming every problem at once."""
    errors: dict[str, str] = {}
    country = compact(bank_country)
    if not country and compact(iban)[:2].isalpha():
        country = compact(iban)[:2]  # an IBAN names its country
    scheme = scheme_for(country)
    if scheme is None:
        if country:
            message = _("Payouts to bank accounts in %(country)s are not supported.") % {
                "country": country_name(country)
            }
        else:
            message = _("Choose the country where the account is held.")
        raise ValidationError({"bank_country": message})
    holder = " ".join((account_holder or "").split())
    if not holder:
        errors["account_holder"] = _("Enter the account holder's name exactly as the bank has it.")
    elif len(holder) > HOLDER_MAX:
        errors["account_holder"] = _(
            "The account holder's name is longer than %(max)s characters."
        ) % {"max": HOLDER_MAX}
    currency = (currency or "").strip().upper() or scheme.currency
    if currency not in scheme.currencies:
        errors["currency"] = _("Accounts in %(country)s are paid in %(currencies)s.") % {
            "country": country_name(country),
            "currencies": ", ".join(scheme.currencies),
        }
    clean = {
        "bank_country": country,
        "account_holder": holder,
        "currency": currency,
        "iban": "",
        "account_number": "",
        "bic": "",
        "clearing_system": scheme.clearing_system,
        "bank_code": "",
        "branch_code": "",
    }
    if scheme.iban:
        parsed = _check_iban(compact(iban), country, errors)
        clean["iban"] = str(parsed.compact) if parsed else compact(iban)
        derived = parsed.bic if parsed is not None else None
        clean["bic"] = _check_bic(compact(bic) or (str(derived) if derived else ""), scheme, errors)
    else:
        clean["account_number"] = _check_code(
            scheme.account, compact(account_number), errors, "account_number"
        )
        clean["bic"] = _check_bic(compact(bic), scheme, errors)
        for name in ("bank_code", "branch_code"):
            code = getattr(scheme, name)
            if code is not None:
                value = compact(bank_code if name == "bank_code" else branch_code)
                clean[name] = _check_code(code, value, errors, name)
    if errors:
        raise ValidationError(errors)
    return clean


def profile_fields(profile: PayeeProfile) -> dict[str, str]:
    return {
        "bank_country": profile.bank_country,
        "account_holder": profile.account_holder,
        "currency": profile.currency,
        "iban": profile.iban,
        "account_number": profile.account_number,
        "bic": profile.bic,
        "bank_code": profile.bank_code,
        "branch_code": profile.branch_code,
    }


def check_payee_account(profile: PayeeProfile) -> None:
    """Whether a bank file may carry this profile's account: None, or the field errors."""
    normalised(**profile_fields(profile))


def mask(value: str) -> str:
    """Account numbers shown to people: the last four characters only."""
    value = value or ""
    if len(value) <= 4:
        return "•" * len(value)
    return "•••• " + value[-4:]
