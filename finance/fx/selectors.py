"""Reads of exchange rates: the rate on a day, and conversions that name it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalog.kernel.money import Money
from finance.models import FxRate


class MissingRate(ValidationError):
    """No rate for the pair on or before the day."""


def fx_rate(*, base: str, quote: str, on: dt.date) -> FxRate:
    base, quote = base.upper(), quote.upper()
    if base == quote:
        return FxRate(base=base, quote=quote, as_of=on, rate=Decimal(1), source="identity")
    direct = FxRate.objects.filter(base=base, quote=quote, as_of__lte=on).order_by("-as_of").first()
    inverse = (
        FxRate.objects.filter(base=quote, quote=base, as_of__lte=on).order_by("-as_of").first()
    )
    if inverse is not None and (direct is None or inverse.as_of > direct.as_of):
        return FxRate(
            base=base,
            quote=quote,
            as_of=inverse.as_of,
            rate=(Decimal(1) / inverse.rate).quantize(Decimal("1e-10")),
            source=f"{inverse.source} (inverse)",
        )
    if direct is None:
        raise MissingRate(
            {
                "currency": _("no %(base)s/%(quote)s rate on or before %(on)s")
                % {"base": base, "quote": quote, "on": on}
            }
        )
    return direct


def fx_convert(*, money: Money, quote: str, on: dt.date) -> tuple[Money, FxRate]:
    """``money`` in ``quote`` at the rate of ``on``, rounded to ``quote``'s minor unit,
    and the rate used (the caller shows or books it)."""
    rate = fx_rate(base=money.currency, quote=quote, on=on)
    return Money(money.amount * rate.rate, rate.quote).rounded(), rate
