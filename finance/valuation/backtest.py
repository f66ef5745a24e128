"""Back-test of the valuation range against what the royalties then did.

For every work with at least ``min_periods`` (8) periods of royalty history, bucketed as
the model buckets it (``periods_per_year``, quarters by default): let the periods be
p₁ … p_N. The work is valued as of the period after p_{N−4}, from p₁ … p_{N−4} only (its
own decay fit, no contracted minimums). Each of the 4 periods that followed,
p_{N−3} … p_N, is compared with the Monte Carlo band of that period's projected royalty
(undiscounted cash; the period's offset from the cut-off picks the projection period):

* per period (the figure reported): a hit when P10 ≤ actual ≤ P90 of that period;
  hit rate = hits / periods compared;
* cumulative (also reported): the 4 periods' total against the P10–P90 band of the total.
  One work has one decay draw per scenario and every period's cash falls as the decay
  rises, so the periods move together and the band of the total is the sum of the
  periods' bands.

A band of a well-calibrated P10–P90 would hold about 80 % of outcomes. Comparisons allow
float rounding (a relative 1e-9), so a flat history inside a zero-width band is a hit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from catalog.models import Work
from finance.valuation.inputs import royalty_history
from finance.valuation.model import Assumptions, WorkHistory, bucket, period_start
from finance.valuation.montecarlo import value_portfolio

HOLDOUT = 4
MIN_PERIODS = 8
TOLERANCE = 1e-9


@dataclass(frozen=True)
class PeriodCheck:
    start: dt.date
    actual: float
    p10: float
    p90: float

    @property
    def hit(self) -> bool:
        slack = TOLERANCE * max(abs(self.p10), abs(self.p90), 1.0)
        return self.p10 - slack <= self.actual <= self.p90 + slack


@dataclass(frozen=True)
class WorkBacktest:
    work_id: int
    as_of: dt.date  # the valuation date: the first period not used
    checks: tuple[PeriodCheck, ...]

    @property
    def hits(self) -> int:
        return sum(c.hit for c in self.checks)

    @property
    def cumulative_hit(self) -> bool:
        total = PeriodCheck(
            self.as_of,
            sum(c.actual for c in self.checks),
            sum(c.p10 for c in self.checks),
            sum(c.p90 for c in self.checks),
        )
        return total.hit


@dataclass
class Backtest:
    works: list[WorkBacktest] = field(default_factory=list)
    considered: int = 0  # works with any history
    short: int = 0  # fewer than MIN_PERIODS periods
    no_rate: int = 0  # statements without an FX rate to the back-test currency

    @property
    def periods(self) -> int:
        return sum(len(w.checks) for w in self.works)

    @property
    def hits(self) -> int:
        return sum(w.hits for w in self.works)

    @property
    def hit_rate(self) -> float | None:
        return self.hits / self.periods if self.periods else None

    @property
    def cumulative_hits(self) -> int:
        return sum(w.cumulative_hit for w in self.works)

    @property
    def cumulative_rate(self) -> float | None:
        return self.cumulative_hits / len(self.works) if self.works else None


def backtest_work(
    history: WorkHistory,
    assumptions: Assumptions,
    *,
    holdout: int = HOLDOUT,
    min_periods: int = MIN_PERIODS,
) -> WorkBacktest | None:
    """The back-test of one work, or None when its history is shorter than ``min_periods``."""
    ppy = assumptions.periods_per_year
    buckets = bucket(history.periods, ppy)
    keys = sorted(buckets)
    if len(keys) < max(min_periods, holdout + 1):
        return None
    cutoff, following = keys[-holdout - 1], keys[-holdout:]
    known = tuple(
        (day, amount) for day, amount in history.periods if day < period_start(cutoff + 1, ppy)
    )
    as_of = period_start(cutoff + 1, ppy)
    result = value_portfolio(
        histories=[WorkHistory(history.work_id, history.work_type, known)],
        relief=[],
        minimums=[],
        assumptions=assumptions,
        as_of=as_of,
    )
    checks = []
    for key in following:
        k = key - cutoff - 1  # 0: the first projected period
        if k >= len(result.cash_p10):
            break  # beyond the horizon: nothing projected to compare with
        checks.append(
            PeriodCheck(
                period_start(key, ppy),
                buckets[key],
                float(result.cash_p10[k]),
                float(result.cash_p90[k]),
            )
        )
    return WorkBacktest(history.work_id, as_of, tuple(checks))


def backtest_histories(
    histories: list[WorkHistory], assumptions: Assumptions, **options: int
) -> Backtest:
    out = Backtest(considered=len(histories))
    for history in histories:
        tested = backtest_work(history, assumptions, **options)
        if tested is None:
            out.short += 1
        else:
            out.works.append(tested)
    return out


def platform_backtest(
    *, currency: str, assumptions: Assumptions, chunk: int = 2000, **options: int
) -> Backtest:
    """Back-test every work with closed statements on the platform (in ``currency``)."""
    histories: list[WorkHistory] = []
    no_rate = 0
    types = dict(Work.objects.values_list("pk", "work_type"))
    ids = sorted(types)
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        try:
            found = royalty_history(part, currency)
        except ValidationError:  # a missing FX rate: find the works it concerns one by one
            found = {}
            for work_id in part:
                try:
                    found.update(royalty_history([work_id], currency))
                except ValidationError:
                    no_rate += 1
        for work_id, periods in sorted(found.items()):
            if periods:
                histories.append(WorkHistory(work_id, types[work_id], tuple(periods)))
    out = backtest_histories(histories, assumptions, **options)
    out.no_rate = no_rate
    return out
