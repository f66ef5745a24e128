"""Numbers, dates and money for the active locale, formatted by Babel.

Django's own l10n lacks CLDR data for several of our locales (lo, fil, my
digits, Khmer currency placement), so all user-visible formatting goes
through these helpers and the ``i18n_format`` template tags.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.utils import timezone, translation

from i18n.languages import get_language_info


def current_locale(language: str | None = None) -> Locale:
    lang = get_language_info(language or translation.get_language())
    return Locale.parse(lang.babel_locale)


def format_number(value: int | Decimal | float, *, language: str | None = None) -> str:
    return babel_numbers.format_decimal(value, locale=current_locale(language))


def format_percent(value: Decimal | float, *, language: str | None = None) -> str:
    """``value`` is a fraction: Decimal('0.125') → 12.5 %."""
    return babel_numbers.format_percent(value, locale=current_locale(language), format="#,##0.##%")


def format_money(amount: Decimal | int, currency: str, *, language: str | None = None) -> str:
    """Amount in the currency's own minor units as CLDR knows them (VND 0, USD 2…)."""
    return babel_numbers.format_currency(
        Decimal(amount), currency.upper(), locale=current_locale(language)
    )


def format_date(
    value: dt.date | dt.datetime, *, fmt: str = "medium", language: str | None = None
) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return babel_dates.format_date(value, format=fmt, locale=current_locale(language))


def format_datetime(value: dt.datetime, *, fmt: str = "medium", language: str | None = None) -> str:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return babel_dates.format_datetime(value, format=fmt, locale=current_locale(language))


def currency_name(currency: str, *, language: str | None = None) -> str:
    return babel_numbers.get_currency_name(currency.upper(), locale=current_locale(language))


def currency_digits(currency: str) -> int:
    """ISO 4217 minor units as CLDR records them."""
    return babel_numbers.get_currency_precision(currency.upper())
