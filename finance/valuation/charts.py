"""Valuation and pool charts (inline SVG through i18n.charts)."""

from __future__ import annotations

import numpy as np
from django.utils.translation import gettext as _

from finance.valuation.model import period_index, period_start
from finance.valuation.montecarlo import ValuationResult
from i18n.charts import PALETTE, figure, money_formatter, to_svg


def history_vs_projection(result: ValuationResult, currency: str) -> str:
    ppy = result.assumptions.periods_per_year
    now = period_index(result.as_of, ppy)
    fig, ax = figure()
    if result.history:
        keys = sorted(result.history)
        ax.bar(
            [period_start(k, ppy) for k in keys],
            [result.history[k] for k in keys],
            width=300 / ppy,
            color=PALETTE[0],
            label=_("Royalty history"),
        )
    future = [period_start(now + k, ppy) for k in range(len(result.cash_deterministic))]
    ax.plot(future, result.cash_deterministic, color=PALETTE[1], label=_("Projection"))
    ax.yaxis.set_major_formatter(money_formatter(currency))
    ax.legend(loc="upper right")
    return to_svg(fig, title=_("Royalty history and projection"))


def fan_chart(result: ValuationResult, currency: str) -> str:
    ppy = result.assumptions.periods_per_year
    now = period_index(result.as_of, ppy)
    dates = [period_start(now + k, ppy) for k in range(len(result.cash_p50))]
    fig, ax = figure()
    ax.fill_between(
        dates, result.cash_p10, result.cash_p90, color=PALETTE[0], alpha=0.25, label=_("P10–P90")
    )
    ax.plot(dates, result.cash_p50, color=PALETTE[0], label=_("P50"))
    ax.yaxis.set_major_formatter(money_formatter(currency))
    ax.legend(loc="upper right")
    return to_svg(fig, title=_("Projected cash flow range (P10–P90)"))


WATERFALL_SERIES = (
    ("fees", "Fees"),
    ("senior_interest", "Senior interest"),
    ("mezz_interest", "Mezzanine interest"),
    ("reserve_change", "Reserve top-up / release"),
    ("senior_principal", "Senior principal"),
    ("mezz_principal", "Mezzanine principal"),
    ("equity", "Equity residual"),
)


def waterfall_chart(rows: list[dict], currency: str) -> str:
    labels = {
        "fees": _("Fees"),
        "senior_interest": _("Senior interest"),
        "mezz_interest": _("Mezzanine interest"),
        "reserve_change": _("Reserve top-up / release"),
        "senior_principal": _("Senior principal"),
        "mezz_principal": _("Mezzanine principal"),
        "equity": _("Equity residual"),
    }
    x = np.arange(1, len(rows) + 1)
    fig, ax = figure(width=8, height=3.6)
    bottom_pos = np.zeros(len(rows))
    bottom_neg = np.zeros(len(rows))
    for n, (key, _label) in enumerate(WATERFALL_SERIES):
        values = np.array([row[key] for row in rows])
        pos, neg = np.clip(values, 0, None), np.clip(values, None, 0)
        ax.bar(x, pos, bottom=bottom_pos, color=PALETTE[n % len(PALETTE)], label=labels[key])
        ax.bar(x, neg, bottom=bottom_neg, color=PALETTE[n % len(PALETTE)])
        bottom_pos += pos
        bottom_neg += neg
    actual = [(i + 1, row["actual"]) for i, row in enumerate(rows) if row.get("actual") is not None]
    if actual:
        ax.plot([a for a, _ in actual], [b for _, b in actual], "k.", label=_("Actual collections"))
    ax.set_xlabel(_("Period"))
    ax.yaxis.set_major_formatter(money_formatter(currency))
    ax.legend(loc="upper right", fontsize=7, ncol=2)
    return to_svg(fig, title=_("Waterfall by period"))
