"""Valuation: hand-computed DCF when deterministic, seeded reproducibility, decay fit, relief."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest

from finance.valuation.model import Assumptions, ContractedMinimum, WorkHistory
from finance.valuation.montecarlo import value_portfolio
from finance.valuation.relief import ReliefInput

AS_OF = dt.date(2026, 1, 15)  # 2026 Q1: the first projected period


def _quarters(n: int, start_year: int = 2024) -> list[dt.date]:
    return [dt.date(start_year + i // 4, 1 + 3 * (i % 4), 1) for i in range(n)]


def _history(work_id=1, lam=0.1, level=1000.0, n=8, work_type="literary"):
    return WorkHistory(
        work_id,
        work_type,
        tuple((d, Decimal(repr(level * math.exp(-lam * i)))) for i, d in enumerate(_quarters(n))),
    )


STILL = dict(discount_rate_sd=0.0, decay_sd_multiplier=0.0, min_fit_points=4, scenarios=25)


def test_deterministic_case_equals_hand_computed_dcf():
    a = Assumptions(discount_rate=0.10, horizon_years=2, **STILL)
    result = value_portfolio(
        histories=[_history()], relief=[], minimums=[], assumptions=a, as_of=AS_OF
    )
    # History 2024Q1…2025Q4 → age 8 in 2026Q1; cash of quarter k at k/4 years.
    hand = sum(1000 * math.exp(-0.1 * (8 + k - 1)) / 1.10 ** (k / 4) for k in range(1, 9))
    assert result.fits[0].source == "fitted"
    assert result.fits[0].annual_decay == pytest.approx(0.4, abs=1e-9)
    assert result.deterministic == pytest.approx(hand, rel=1e-9)
    assert result.p10 == pytest.approx(hand, rel=1e-9) and result.p90 == pytest.approx(
        hand, rel=1e-9
    )


def test_reproducible_with_a_seed_and_different_with_another():
    histories = [_history(1), _history(2, lam=0.05, level=400, work_type="music")]
    a = Assumptions(scenarios=500, seed=42, min_fit_points=4)
    first = value_portfolio(histories=histories, relief=[], minimums=[], assumptions=a, as_of=AS_OF)
    again = value_portfolio(histories=histories, relief=[], minimums=[], assumptions=a, as_of=AS_OF)
    other = value_portfolio(
        histories=histories,
        relief=[],
        minimums=[],
        assumptions=Assumptions(scenarios=500, seed=43, min_fit_points=4),
        as_of=AS_OF,
    )
    assert (first.p10, first.p50, first.p90) == (again.p10, again.p50, again.p90)
    assert first.p50 != other.p50
    assert first.p10 < first.p50 < first.p90


def test_short_history_uses_the_type_default_and_override_wins():
    short = [_history(n=3)]
    result = value_portfolio(
        histories=short,
        relief=[],
        minimums=[],
        assumptions=Assumptions(**{**STILL, "min_fit_points": 6}),
        as_of=AS_OF,
    )
    assert result.fits[0].source == "default" and result.fits[0].annual_decay == 0.15
    overridden = value_portfolio(
        histories=short,
        relief=[],
        minimums=[],
        assumptions=Assumptions(**STILL, decay_overrides={"literary": 0.5}),
        as_of=AS_OF,
    )
    assert (
        overridden.fits[0].source == "override" and overridden.deterministic < result.deterministic
    )


def test_relief_from_royalty_for_a_work_without_history():
    relief = [ReliefInput(7, "music", Decimal("40000"), Decimal("0.15"))]
    a = Assumptions(discount_rate=0.08, horizon_years=1, **STILL)
    result = value_portfolio(histories=[], relief=relief, minimums=[], assumptions=a, as_of=AS_OF)
    lam = 0.08 / 4  # music default, per quarter
    hand = sum(40000 * 0.15 / 4 * math.exp(-lam * (k - 1)) / 1.08 ** (k / 4) for k in range(1, 5))
    assert result.basis.method == ["relief"]
    assert result.deterministic == pytest.approx(hand, rel=1e-9)


def test_minimum_guarantee_shortfall_is_contracted_cash():
    a = Assumptions(discount_rate=0.0, horizon_years=2, **STILL)
    base = value_portfolio(
        histories=[_history()], relief=[], minimums=[], assumptions=a, as_of=AS_OF
    )
    projected_to_q4 = base.cash_deterministic[:4].sum()
    floor = ContractedMinimum(
        1, "LIC-2026-000001", Decimal(projected_to_q4 + 500), dt.date(2026, 12, 31)
    )
    with_mg = value_portfolio(
        histories=[_history()], relief=[], minimums=[floor], assumptions=a, as_of=AS_OF
    )
    assert with_mg.contracted == pytest.approx(500, rel=1e-6)
    assert with_mg.deterministic == pytest.approx(base.deterministic + 500, rel=1e-9)
