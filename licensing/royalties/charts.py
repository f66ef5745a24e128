"""Statement charts: earnings over periods and by territory (inline SVG via i18n.charts)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from i18n.charts import figure, money_formatter, to_svg
from i18n.formatting import format_date
from licensing.royalties import selectors


def earnings_by_period_svg(statements, currency: str) -> str:
    rows = selectors.earnings_by_period(statements)
    if not rows:
        return ""
    fig, ax = figure(height=2.8)
    labels = [format_date(start, fmt="MMM y") for start, _total in rows]
    ax.bar(labels, [total for _start, total in rows])
    ax.yaxis.set_major_formatter(money_formatter(currency))
    return to_svg(fig, title=_("Earnings by period"))


def earnings_by_territory_svg(statements, currency: str) -> str:
    rows = selectors.earnings_by_territory(statements)
    if not rows:
        return ""
    fig, ax = figure(height=2.8)
    ax.barh([territory for territory, _total in rows][::-1], [t for _x, t in rows][::-1])
    ax.xaxis.set_major_formatter(money_formatter(currency))
    return to_svg(fig, title=_("Earnings by territory"))
