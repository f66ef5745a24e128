from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template

from i18n import formatting

register = template.Library()


@register.filter
def number(value: int | Decimal | float | None) -> str:
    return "" if value is None else formatting.format_number(value)


@register.filter
def percent(value: Decimal | float | None) -> str:
    return "" if value is None else formatting.format_percent(value)


@register.filter
def percent_points(value: Decimal | float | None) -> str:
    """A percentage stored in points (33.34 for a third), formatted as the locale writes it."""
    return "" if value is None else formatting.format_percent(Decimal(str(value)) / 100)


@register.simple_tag
def money(amount: Decimal | int | None, currency: str) -> str:
    return "" if amount is None else formatting.format_money(amount, currency)


@register.filter
def ldate(value: dt.date | dt.datetime | None, fmt: str = "medium") -> str:
    return "" if value is None else formatting.format_date(value, fmt=fmt)


@register.filter
def ldatetime(value: dt.datetime | None, fmt: str = "medium") -> str:
    return "" if value is None else formatting.format_datetime(value, fmt=fmt)
