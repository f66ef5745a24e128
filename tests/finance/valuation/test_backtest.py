"""The back-test: value at period N−4, compare the P10–P90 band with the 4 that followed."""

from __future__ import annotations

import datetime as dt
import io
import math
from decimal import Decimal

import pytest
from django.core.management import call_command

from finance.valuation.backtest import backtest_histories, backtest_work
from finance.valuation.model import Assumptions, WorkHistory

A = Assumptions(scenarios=400, seed=5)


def quarterly(work_id: int, amounts: list[float], *, work_type="literary") -> WorkHistory:
    periods = tuple(
        (dt.date(2022 + i // 4, 3 * (i % 4) + 1, 1), Decimal(repr(v)))
        for i, v in enumerate(amounts)
    )
    return WorkHistory(work_id, work_type, periods)


def test_stable_history_falls_in_its_band():
    tested = backtest_work(quarterly(1, [1000.0] * 12), A)
    assert tested.as_of == dt.date(2024, 1, 1)  # period N−4 = 2023-Q4, valued as of the next
    assert [c.start for c in tested.checks] == [dt.date(2024, m, 1) for m in (1, 4, 7, 10)]
    assert tested.hits == 4 and tested.cumulative_hit


def test_exact_decay_is_recovered():
    rate = 0.2 / 4  # 20 % a year, quarterly
    tested = backtest_work(quarterly(2, [5000 * math.exp(-rate * t) for t in range(10)]), A)
    assert tested.hits == 4


def test_a_crash_after_the_cut_off_is_a_miss():
    tested = backtest_work(quarterly(3, [1000.0] * 8 + [100.0] * 4), A)
    assert tested.hits == 0 and not tested.cumulative_hit
    assert all(c.actual < c.p10 for c in tested.checks)


def test_a_boom_is_a_miss_too():
    tested = backtest_work(quarterly(4, [1000.0] * 8 + [3000.0] * 4), A)
    assert tested.hits == 0 and all(c.actual > c.p90 for c in tested.checks)


def test_short_histories_are_not_tested_and_the_rate_counts_periods():
    result = backtest_histories(
        [
            quarterly(1, [1000.0] * 12),  # 4 hits
            quarterly(3, [1000.0] * 8 + [100.0] * 4),  # 4 misses
            quarterly(5, [1000.0] * 7),  # too short
        ],
        A,
    )
    assert (result.considered, result.short, len(result.works)) == (3, 1, 2)
    assert (result.periods, result.hits, result.hit_rate) == (8, 4, 0.5)
    assert (result.cumulative_hits, result.cumulative_rate) == (1, 0.5)


def test_only_history_up_to_the_cut_off_is_used():
    # The same first 8 periods give the same band whatever came later.
    calm = backtest_work(quarterly(6, [1000.0] * 8 + [1000.0] * 4), A)
    crash = backtest_work(quarterly(6, [1000.0] * 8 + [1.0] * 4), A)
    assert [(c.p10, c.p90) for c in calm.checks] == [(c.p10, c.p90) for c in crash.checks]


@pytest.mark.django_db
def test_the_command_reports_on_the_platforms_statements():
    out = io.StringIO()
    call_command("valuation_backtest", "--scenarios", "50", stdout=out)
    text = out.getvalue()
    assert "works tested: 0" in text and "hit rate n/a" in text
