"""Pool collections per (scenario × work × period) and stress scenarios, in NumPy.

A pool's expected collections are the valuation projections of its works
(``model.project``). A stress scenario multiplies every decay rate by
``decay_multiplier`` and lets each receivable default for good with a
per-period ``hazard`` (its collections stop from the default period on; no
recovery). Random stress scenarios draw the multiplier from a log-normal with
σ = ``decay_sd`` and the hazard uniformly in [0, ``max_hazard``]; named ones
(base, decay shocks, default shocks, combined) are fixed.

The model is the (scenarios × works × periods) array of cash; ``collections``
sums it over works without materialising it (see its docstring) and
``collections_dense`` materialises it in float32 chunks — the two agree
(tests). Neither has a Python loop over works or periods.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext_lazy as _

from finance.valuation.model import ProjectionBasis, discount_factors
from finance.valuation.waterfall import Structure, WaterfallResult, run_waterfall

CHUNK_CELLS = 8_000_000  # scenario × work cells per chunk of the factorised sum
DENSE_CHUNK_CELLS = 24_000_000  # float32 cells per chunk of the dense array (~100 MB)


@dataclass(frozen=True)
class StressSpec:
    decay_sd: float = 0.30
    max_hazard: float = 0.02
    scenarios: int = 1000
    seed: int = 20260101


NAMED_SCENARIO_LABELS = {
    "base": _("Base case"),
    "decay_x1_5": _("Decay ×1.5"),
    "decay_x2": _("Decay ×2"),
    "default_1pct": _("Defaults 1 % per period"),
    "default_3pct": _("Defaults 3 % per period"),
    "combined": _("Decay ×1.5 and defaults 2 %"),
}
NAMED_SCENARIOS = {
    "base": (1.0, 0.0),
    "decay_x1_5": (1.5, 0.0),
    "decay_x2": (2.0, 0.0),
    "default_1pct": (1.0, 0.01),
    "default_3pct": (1.0, 0.03),
    "combined": (1.5, 0.02),
}


def _default_periods(hazard: np.ndarray, works: int, rng: np.random.Generator) -> np.ndarray:
    """(s, W) period of default of each receivable: geometric with the scenario's hazard."""
    u = rng.random((len(hazard), works))
    with np.errstate(divide="ignore"):
        return np.where(
            hazard[:, None] > 0,
            np.floor(np.log(u) / np.log1p(-np.minimum(hazard, 0.999))[:, None]),
            1e9,
        )


def collections(
    basis: ProjectionBasis,
    *,
    periods: int,
    ppy: int,
    decay_multiplier: np.ndarray,
    hazard: np.ndarray,
    rng: np.random.Generator,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """(S, P) pool collections for S scenarios; ``progress(n)`` after each chunk of n scenarios.

    ``Σ_w L_w·exp(-mλ_τ(a_w + p))·[p < D_sw]`` factorises as
    ``Σ_τ exp(-mλ_τ p) · Σ_{w∈τ} L_w·exp(-mλ_τ a_w)·[D_sw > p]``; the inner sum over works
    is, per (scenario, type), the weight still alive at period p — a reverse cumulative
    sum of the weights binned by default period (``np.bincount``). Same numbers as
    ``collections_dense`` (the literal scenarios × works × periods array), at
    O(S·W + S·T·P) instead of O(S·W·P).
    """
    types = len(basis.fits)
    lam_type = np.array([f.annual_decay / ppy for f in basis.fits])
    k = np.arange(periods)
    step = max(1, CHUNK_CELLS // max(len(basis.levels) * 4, 1))
    out = np.empty((len(hazard), periods))
    for start in range(0, len(hazard), step):
        m = decay_multiplier[start : start + step]
        h = hazard[start : start + step]
        n = len(h)
        lam = m[:, None] * lam_type[None, :]  # (s, T)
        weights = basis.levels[None, :] * np.exp(-lam[:, basis.type_index] * basis.ages[None, :])
        default_at = np.minimum(_default_periods(h, len(basis.levels), rng), periods).astype(int)
        cell = (np.arange(n)[:, None] * types + basis.type_index[None, :]) * (periods + 1)
        mass = np.bincount(
            (cell + default_at).ravel(),
            weights=weights.ravel(),
            minlength=n * types * (periods + 1),
        ).reshape(n, types, periods + 1)
        alive = np.cumsum(mass[:, :, ::-1], axis=2)[:, :, ::-1][:, :, 1:]  # Σ weight with D > p
        out[start : start + step] = (alive * np.exp(-lam[:, :, None] * k[None, None, :])).sum(1)
        if progress:
            progress(n)
    return out


def collections_dense(
    basis: ProjectionBasis,
    *,
    periods: int,
    ppy: int,
    decay_multiplier: np.ndarray,
    hazard: np.ndarray,
    rng: np.random.Generator,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """The same collections from the literal (scenarios × works × periods) float32 array."""
    lam_work = np.array([f.annual_decay / ppy for f in basis.fits], np.float32)[basis.type_index]
    levels = basis.levels.astype(np.float32)
    k = np.arange(periods, dtype=np.float32)
    age = basis.ages.astype(np.float32)[:, None] + k[None, :]
    step = max(1, DENSE_CHUNK_CELLS // max(len(levels) * periods, 1))
    out = np.empty((len(hazard), periods))
    for start in range(0, len(hazard), step):
        m = decay_multiplier[start : start + step].astype(np.float32)
        default_at = _default_periods(hazard[start : start + step], len(levels), rng)
        alive = k[None, None, :] < default_at[:, :, None]  # (s, W, P)
        cash = levels[None, :, None] * np.exp(-(m[:, None, None] * lam_work[None, :, None]) * age)
        out[start : start + step] = (cash * alive).sum(axis=1, dtype=np.float64)
        if progress:
            progress(len(m))
    return out


def stress_draws(spec: StressSpec) -> tuple[np.ndarray, np.ndarray, np.random.Generator]:
    rng = np.random.default_rng(spec.seed)
    multiplier = np.exp(spec.decay_sd * rng.standard_normal(spec.scenarios))
    hazard = rng.uniform(0.0, spec.max_hazard, spec.scenarios)
    return multiplier, hazard, rng


@dataclass
class PoolRun:
    base: np.ndarray  # (P,) expected collections
    base_waterfall: WaterfallResult
    named: dict[str, WaterfallResult]
    stress: WaterfallResult
    pool_value: float  # PV of base collections at the discount rate
    remaining_pv: np.ndarray  # (P,) PV at the start of each period of the remaining collections


def remaining_value(cash: np.ndarray, rate: float, ppy: int) -> np.ndarray:
    """PV at the start of each period of that period's and later collections."""
    df = discount_factors(np.array([rate]), len(cash), ppy)[0]
    discounted = cash * df
    tail = np.cumsum(discounted[::-1])[::-1]
    start_df = np.concatenate([[1.0], df[:-1]])
    return tail / start_df


def run_pool(
    basis: ProjectionBasis,
    structure: Structure,
    *,
    periods: int,
    discount_rate: float,
    spec: StressSpec,
) -> PoolRun:
    ppy = structure.periods_per_year
    rng = np.random.default_rng(spec.seed)
    names = list(NAMED_SCENARIOS)
    mult = np.array([NAMED_SCENARIOS[n][0] for n in names])
    haz = np.array([NAMED_SCENARIOS[n][1] for n in names])
    # Named default scenarios use expected (not sampled) survival so they are smooth.
    named_cash = (
        collections(
            basis,
            periods=periods,
            ppy=ppy,
            decay_multiplier=mult,
            hazard=np.zeros(len(names)),
            rng=rng,
        )
        * (1 - haz[:, None]) ** np.arange(1, periods + 1)[None, :]
    )
    named = {n: run_waterfall(named_cash[i : i + 1], structure) for i, n in enumerate(names)}
    multiplier, hazard, stress_rng = stress_draws(spec)
    stress_cash = collections(
        basis, periods=periods, ppy=ppy, decay_multiplier=multiplier, hazard=hazard, rng=stress_rng
    )
    remaining = remaining_value(named_cash[0], discount_rate, ppy)
    return PoolRun(
        base=named_cash[0],
        base_waterfall=named["base"],
        named=named,
        stress=run_waterfall(stress_cash, structure),
        pool_value=float(remaining[0]) if periods else 0.0,
        remaining_pv=remaining,
    )
