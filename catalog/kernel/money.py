"""Money: one frozen value type, and the currencies the platform can charge in.

``Money(amount, currency)`` is a Decimal amount with an ISO 4217 code. Arithmetic
between two amounts refuses mixed currencies (``CurrencyMismatch``): a sum of VND
and USD is a bug, not a number. ``rounded()`` rounds half-even to the currency's
minor unit (banker's rounding: no drift when many lines are summed), as finance
always has. The database keeps its (amount, currency) column pairs; services build
``Money`` at their edges.

Minor units follow Stripe, which decides which currencies a PaymentIntent may use and
how its integer ``amount`` is scaled. Babel (CLDR) knows ISO 4217 digits but not
Stripe's exceptions, so both lists below follow https://docs.stripe.com/currencies
(checked 2026-11). Everything else about a currency (name, symbol, formatting) comes
from Babel.

py-moneyed is dropped rather than wrapped: its ``Money`` is mutable, rounds with
Python's default context instead of half-even to the minor unit, and its currency
table has 100 sub-units where Stripe and CLDR charge whole units (AFN, ALL, COP, HUF,
IDR, LAK, LBP, MGA, MMK, SOS, STD, YER), so its ``get_amount_in_sub_unit`` would send
Stripe amounts a hundred times too large. What else it offers (ISO names, symbols)
Babel already provides.

The module-level helpers (``round_money``, ``quantum``…) are the hot path of a royalty
close (one call per statement line) and stay plain functions on Decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
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


class CurrencyMismatch(TypeError):
    """Arithmetic or comparison between amounts in two currencies."""


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in one currency; the currency is validated and upper-cased."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if type(self.amount) is not Decimal:
            amount = self.amount
            if isinstance(amount, float):
                raise TypeError("Money takes a Decimal, int or str amount, never a float")
            object.__setattr__(self, "amount", Decimal(amount))
        if self.currency not in STRIPE_CURRENCIES:
            object.__setattr__(self, "currency", validate_currency(self.currency))

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    @classmethod
    def from_minor(cls, value: int, currency: str) -> Money:
        """A Stripe integer amount (cents, or whole đồng for VND)."""
        currency = validate_currency(currency)
        return cls(from_minor(value, currency), currency)

    @property
    def minor_digits(self) -> int:
        return minor_digits(self.currency)

    def to_minor(self) -> int:
        """The Stripe integer amount; refuses an amount finer than the minor unit."""
        return to_minor(self.amount, self.currency)

    def rounded(self) -> Money:
        """Rounded half-even to the currency's minor unit."""
        return Money(round_money(self.amount, self.currency), self.currency)

    def is_rounded(self) -> bool:
        return round_money(self.amount, self.currency) == self.amount

    def _same(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency} cannot be combined")
        return other

    def __add__(self, other: object) -> Money:
        other = self._same(other)
        if other is NotImplemented:
            return NotImplemented
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: object) -> Money:
        other = self._same(other)
        if other is NotImplemented:
            return NotImplemented
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, Money | float) or not isinstance(factor, Decimal | int):
            return NotImplemented
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def _compare(self, other: object) -> tuple[Decimal, Decimal]:
        same = self._same(other)
        if same is NotImplemented:
            raise TypeError(f"cannot compare Money with {type(other).__name__}")
        return self.amount, same.amount

    def __lt__(self, other: object) -> bool:
        mine, theirs = self._compare(other)
        return mine < theirs

    def __le__(self, other: object) -> bool:
        mine, theirs = self._compare(other)
        return mine <= theirs

    def __gt__(self, other: object) -> bool:
        mine, theirs = self._compare(other)
        return mine > theirs

    def __ge__(self, other: object) -> bool:
        mine, theirs = self._compare(other)
        return mine >= theirs

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"
