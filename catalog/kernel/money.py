"""Currencies the platform can charge in, and their ISO 4217 minor units.

Stripe decides which currencies a PaymentIntent may use and how its integer
``amount`` is scaled; Babel (CLDR) knows ISO 4217 digits but not Stripe's
exceptions, so both lists below follow https://docs.stripe.com/currencies
(checked 2026-11). Everything else about a currency (name, symbol,
formatting) comes from Babel.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache

from babel.numbers import get_currency_precision
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

STRIPE_CURRENCIES = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD
    BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CVE CZK DJF DKK DOP DZD EGP ETB EUR FJD FKP
    GBP GEL GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR ISK JMD JOD JPY KES KGS KHR
    KMF KRW KWD KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MUR MVR MWK MXN
    MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF
    SAR SBD SCR SEK SGD SHP SLE SOS SRD STD SZL THB TJS TND TOP TRY TTD TWD TZS UAH UGX
    USD UYU UZS VND VUV WST XAF XCD XOF XPF YER ZAR ZMW
    """.split()
)

# Charged in whole units: the API amount is the amount itself.
ZERO_DECIMAL = frozenset(
    """
    BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF
    """.split()
)
# Three-decimal currencies whose last digit Stripe requires to be 0.
THREE_DECIMAL = frozenset(["BHD", "JOD", "KWD", "OMR", "TND"])


def validate_currency(code: str, *, field: str = "currency") -> str:
    """Upper-cased code, or a field error if Stripe cannot charge in it."""
    code = (code or "").strip().upper()
    if code not in STRIPE_CURRENCIES:
        raise ValidationError(
            {field: _("“%(code)s” is not a currency Stripe can charge in") % {"code": code}}
        )
    return code


@cache
def minor_digits(code: str) -> int:
    """Digits after the decimal point in Stripe amounts (0 for VND, JPY, KRW…)."""
    code = code.upper()
    if code in ZERO_DECIMAL:
        return 0
    if code in THREE_DECIMAL:
        return 3
    return min(get_currency_precision(code), 2)


@cache  # called once per statement line: a million times in a big close
def quantum(code: str) -> Decimal:
    return Decimal(1).scaleb(-minor_digits(code))


def round_money(amount: Decimal, code: str) -> Decimal:
    """Round half-even to the currency's minor unit (banker's rounding, no drift)."""
    if type(amount) is not Decimal:
        amount = Decimal(amount)
    return amount.quantize(quantum(code), rounding=ROUND_HALF_EVEN)


def to_minor(amount: Decimal, code: str) -> int:
    """Decimal amount → Stripe integer amount; refuses amounts finer than the minor unit."""
    amount = Decimal(amount)
    rounded = round_money(amount, code)
    if rounded != amount:
        raise ValidationError(
            {
                "amount": _("%(amount)s %(code)s has more decimals than %(code)s allows")
                % {"amount": amount, "code": code}
            }
        )
    return int(rounded.scaleb(minor_digits(code)))


def from_minor(value: int, code: str) -> Decimal:
    return Decimal(value).scaleb(-minor_digits(code)).quantize(quantum(code))
