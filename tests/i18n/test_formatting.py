from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from i18n import formatting
from i18n.languages import LANGUAGE_CODES


def test_money_uses_currency_minor_units_and_locale_separators():
    assert formatting.format_money(Decimal("1234567.5"), "VND", language="vi") == "1.234.568\xa0₫"
    assert formatting.format_money(Decimal("1234.5"), "USD", language="en") == "$1,234.50"
    assert formatting.format_money(Decimal("88"), "CNY", language="zh-hans") == "¥88.00"
    assert formatting.currency_digits("VND") == 0
    assert formatting.currency_digits("JPY") == 0
    assert formatting.currency_digits("USD") == 2


def test_dates_in_local_calendar_words():
    day = dt.date(2026, 11, 26)
    assert formatting.format_date(day, fmt="long", language="zh-hans") == "2026年11月26日"
    assert "វិច្ឆិកា" in formatting.format_date(day, fmt="long", language="km")
    assert "พฤศจิกายน" in formatting.format_date(day, fmt="long", language="th")


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_every_language_formats(code):
    with translation.override(code):
        assert formatting.format_number(1234567) != ""
        assert formatting.format_money(Decimal("10"), "THB") != ""
