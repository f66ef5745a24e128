"""Balance-over-time chart of a party's accounts (one per currency)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from finance.ledger.selectors import AccountStatement
from i18n.charts import figure, money_formatter, to_svg


def balance_chart(statements: list[AccountStatement], currency: str) -> str:
    fig, ax = figure()
    for statement in statements:
        if statement.account.currency != currency or not statement.rows:
            continue
        days = [row.on for row in statement.rows]
        balances = [float(row.balance) for row in statement.rows]  # plotting only, not money maths
        ax.step(days, balances, where="post", label=statement.account.get_kind_display())
    ax.yaxis.set_major_formatter(money_formatter(currency))
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    fig.autofmt_xdate()
    return to_svg(fig, title=_("Balance over time (%(currency)s)") % {"currency": currency})
