"""Relief from royalty for works without royalty history.

The value of a work nobody has paid royalties on yet is the royalty a
licensee would pay for it: ``projected annual revenue × royalty rate``,
decaying at the work type's λ and discounted like any other cash flow
(``model.py``). Both inputs come from comparable contracts — active
contracts of works of the same type in the valuation currency:

* royalty rate: the median percentage rate of their royalty terms
  (per-unit rates are skipped: they are not comparable across formats);
* annual revenue: the median of (minimum guarantee per contract year ÷ rate),
  i.e. the revenue at which the licensee's guarantee is just earned out.

Without comparables the rate falls back to ``DEFAULT_ROYALTY_RATE`` and the
revenue to 0 — the report then says so and the user enters an assumption.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal

from licensing.contracts.selectors import active_contract_figures

DEFAULT_ROYALTY_RATE = {
    "literary": 0.08,
    "comic": 0.10,
    "music": 0.15,
    "audiovisual": 0.12,
    "fine_art": 0.10,
    "craft": 0.06,
    "photography": 0.10,
    "other": 0.08,
}


@dataclass(frozen=True)
class ReliefInput:
    work_id: int
    work_type: str
    annual_revenue: Decimal
    royalty_rate: Decimal  # fraction: 0.08 = 8 %
    comparables: int = 0


def comparable_terms(*, work_type: str, currency: str) -> tuple[float | None, float | None, int]:
    """(median rate as a fraction, median implied annual revenue, number of comparables)."""
    rates: list[float] = []
    revenues: list[float] = []
    for contract in active_contract_figures(currency=currency, work_type=work_type, limit=500):
        pct = [float(rate) / 100 for rate in contract.percentage_rates]
        if not pct:
            continue
        rate = statistics.median(pct)
        rates.append(rate)
        days = contract.mean_right_days
        if contract.minimum_guarantee > 0 and days > 0 and rate > 0:
            revenues.append(float(contract.minimum_guarantee) / (days / 365.25) / rate)
    rate = statistics.median(rates) if rates else None
    revenue = statistics.median(revenues) if revenues else None
    return rate, revenue, len(rates)


def relief_input_for(*, work_id: int, work_type: str, currency: str) -> ReliefInput:
    rate, revenue, count = comparable_terms(work_type=work_type, currency=currency)
    return ReliefInput(
        work_id=work_id,
        work_type=work_type,
        annual_revenue=Decimal(str(round(revenue or 0, 2))),
        royalty_rate=Decimal(str(round(rate or DEFAULT_ROYALTY_RATE.get(work_type, 0.08), 4))),
        comparables=count,
    )
