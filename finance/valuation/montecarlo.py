"""Portfolio valuation: deterministic DCF plus a seeded Monte Carlo range.

Each scenario draws, per work type, ``λ_τ ~ N(λ̂_τ, (m·σ_τ)²)`` floored at the
minimum decay, and one annual discount rate ``r ~ N(r̂, σ_r²)`` floored at 0
(types decay independently; the rate is common). The value is the present
value of the projected cash plus minimum-guarantee top-ups; P10/P50/P90 are
percentiles over scenarios. ``numpy.random.default_rng(seed)`` makes a run
reproducible: the same inputs and seed give the same figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from finance.valuation.model import (
    Assumptions,
    ContractedMinimum,
    DecayFit,
    ProjectionBasis,
    WorkHistory,
    bucket,
    contracted_topups,
    discount_factors,
    fit_decay,
    period_index,
    project,
    work_level,
)
from finance.valuation.relief import ReliefInput

CHUNK_CELLS = 4_000_000  # scenarios × works × periods per chunk: ~32 MB of float64


@dataclass
class ValuationResult:
    as_of: dt.date
    assumptions: Assumptions
    fits: list[DecayFit]
    basis: ProjectionBasis
    deterministic: float
    contracted: float  # PV of minimum-guarantee top-ups in the deterministic case
    p10: float
    p50: float
    p90: float
    mean: float
    work_values: dict[int, float]  # deterministic PV per work
    cash_deterministic: np.ndarray  # (H,)
    cash_p10: np.ndarray
    cash_p50: np.ndarray
    cash_p90: np.ndarray
    history: dict[int, float] = field(default_factory=dict)  # period index → earnings
    notes: list[str] = field(default_factory=list)


def build_basis(
    histories: list[WorkHistory],
    relief: list[ReliefInput],
    assumptions: Assumptions,
    *,
    as_of: dt.date,
) -> tuple[ProjectionBasis, dict[int, float], list[str]]:
    ppy = assumptions.periods_per_year
    now = period_index(as_of, ppy)
    buckets = {h.work_id: bucket(h.periods, ppy) for h in histories}
    with_history = [h for h in histories if any(v > 0 for v in buckets[h.work_id].values())]
    relief = [r for r in relief if r.work_id not in {h.work_id for h in with_history}]
    types = sorted({h.work_type for h in with_history} | {r.work_type for r in relief})
    fits = [
        fit_decay(t, [buckets[h.work_id] for h in with_history if h.work_type == t], assumptions)
        for t in types
    ]
    lam = {f.work_type: f.annual_decay / ppy for f in fits}
    ids, kinds, levels, ages, method = [], [], [], [], []
    for h in with_history:
        series = buckets[h.work_id]
        ids.append(h.work_id)
        kinds.append(h.work_type)
        levels.append(work_level(series, lam[h.work_type]))
        ages.append(now - min(series))
        method.append("income")
    notes = []
    for r in relief:
        ids.append(r.work_id)
        kinds.append(r.work_type)
        levels.append(float(r.annual_revenue) * float(r.royalty_rate) / ppy)
        ages.append(0)
        method.append("relief")
        if r.annual_revenue <= 0:
            notes.append(f"work {r.work_id}: no revenue assumption, valued at 0")
    history: dict[int, float] = {}
    for series in buckets.values():
        for key, value in series.items():
            history[key] = history.get(key, 0.0) + value
    basis = ProjectionBasis(
        work_ids=ids,
        work_types=kinds,
        levels=np.array(levels, dtype=float),
        ages=np.array(ages, dtype=float),
        type_index=np.array([types.index(t) for t in kinds], dtype=int),
        fits=fits,
        method=method,
    )
    return basis, history, notes


def _draws(basis: ProjectionBasis, a: Assumptions) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(a.seed)
    mean = np.array([f.annual_decay for f in basis.fits])
    sd = np.array([f.annual_sd for f in basis.fits]) * a.decay_sd_multiplier
    z_lam = rng.standard_normal((a.scenarios, len(basis.fits)))
    z_rate = rng.standard_normal(a.scenarios)
    lam = np.maximum(mean[None, :] + sd[None, :] * z_lam, a.min_annual_decay)
    rates = np.maximum(a.discount_rate + a.discount_rate_sd * z_rate, 0.0)
    return lam / a.periods_per_year, rates


def _run(
    basis: ProjectionBasis,
    lam_period: np.ndarray,
    rates: np.ndarray,
    minimums: list[ContractedMinimum],
    a: Assumptions,
    as_of: dt.date,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(per-scenario PV, per-scenario cash per period, per-scenario top-ups per period)."""
    horizon, works = a.horizon, max(len(basis.work_ids), 1)
    step = max(1, CHUNK_CELLS // (works * horizon))
    pv, totals, topups_all = [], [], []
    for start in range(0, len(rates), step):
        cash = project(basis, lam_period[start : start + step], horizon)
        topups = contracted_topups(cash, basis, minimums, as_of=as_of, ppy=a.periods_per_year)
        total = cash.sum(axis=1) + topups
        df = discount_factors(rates[start : start + step], horizon, a.periods_per_year)
        pv.append((total * df).sum(axis=1))
        totals.append(total)
        topups_all.append(topups)
    return np.concatenate(pv), np.concatenate(totals), np.concatenate(topups_all)


def value_portfolio(
    *,
    histories: list[WorkHistory],
    relief: list[ReliefInput],
    minimums: list[ContractedMinimum],
    assumptions: Assumptions,
    as_of: dt.date,
) -> ValuationResult:
    a = assumptions
    basis, history, notes = build_basis(histories, relief, a, as_of=as_of)
    horizon = a.horizon
    if not basis.work_ids:
        zeros = np.zeros(horizon)
        return ValuationResult(
            as_of,
            a,
            [],
            basis,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            {},
            zeros,
            zeros,
            zeros,
            zeros,
            history,
            [*notes, "no works to value"],
        )
    base_lam = np.array([[f.annual_decay / a.periods_per_year for f in basis.fits]])
    base_rate = np.array([a.discount_rate])
    det_pv, det_total, det_topups = _run(basis, base_lam, base_rate, minimums, a, as_of)
    df = discount_factors(base_rate, horizon, a.periods_per_year)[0]
    per_work = (project(basis, base_lam, horizon)[0] * df[None, :]).sum(axis=1)
    lam, rates = _draws(basis, a)
    pv, totals, _ = _run(basis, lam, rates, minimums, a, as_of)
    p10, p50, p90 = np.percentile(pv, [10, 50, 90])
    fan = np.percentile(totals, [10, 50, 90], axis=0)
    return ValuationResult(
        as_of=as_of,
        assumptions=a,
        fits=basis.fits,
        basis=basis,
        deterministic=float(det_pv[0]),
        contracted=float((det_topups[0] * df).sum()),
        p10=float(p10),
        p50=float(p50),
        p90=float(p90),
        mean=float(pv.mean()),
        work_values=dict(zip(basis.work_ids, per_work.tolist(), strict=True)),
        cash_deterministic=det_total[0],
        cash_p10=fan[0],
        cash_p50=fan[1],
        cash_p90=fan[2],
        history=history,
        notes=notes,
    )
