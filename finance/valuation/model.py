"""Income-approach valuation model: decay fit, projection, discounting.

Documented model (docs for the credit file; every number below is an input
the report shows and the form lets the user change):

* Periods. Earnings are bucketed into ``periods_per_year`` periods (4 =
  quarters). Period index ``i = year * ppy + (month - 1) * ppy // 12``.
* Decay. Per work type τ, earnings of a work decay exponentially with its age
  ``t`` (periods since its first recorded period): ``E_w(t) = L_w · exp(-λ_τ t)``.
  λ_τ is fitted by log-linear least squares on the positive periods of all works
  of the type, with one intercept per work (fixed effects, common slope):
  ``b = Σ(x - x̄_w)(y - ȳ_w) / Σ(x - x̄_w)²`` with ``y = ln E``, ``λ = -b``;
  ``ln L_w = ȳ_w + λ x̄_w``. The standard error of the slope gives λ's
  uncertainty. With fewer than ``min_fit_points`` positive periods (or no
  spread in age) the type uses ``DEFAULT_ANNUAL_DECAY[τ]``; λ never goes below
  ``min_annual_decay`` (0: no growth is assumed). A user override wins.
* Projection. Period ``k = 1…H`` from the valuation date (k = 1 is the current
  period): ``E_w = L_w · exp(-λ_τ (a_w + k - 1))`` with ``a_w`` the work's age in
  the current period.
* Discounting. Cash of period k arrives at ``k / ppy`` years and is discounted at
  the annual rate r: ``DF_k = (1 + r) ^ (-k / ppy)``.
* Minimum guarantees. An active contract's remaining minimum guarantee (its
  guarantee less the work's earnings since the contract started) is contracted
  cash: if the work's projected earnings up to the contract's end fall short of
  it, the shortfall is paid in the contract's last period.
* Works without history: relief from royalty (``relief.py``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

# Annual decay of royalty earnings when a type has too little history to fit
# (catalogue-finance rules of thumb: music and art catalogues decay slowly,
# screen and comics faster).
DEFAULT_ANNUAL_DECAY = {
    "literary": 0.15,
    "comic": 0.20,
    "music": 0.08,
    "audiovisual": 0.25,
    "fine_art": 0.05,
    "craft": 0.10,
    "photography": 0.12,
    "other": 0.20,
}
DEFAULT_DECAY_SD_FRACTION = 0.30  # σ of λ as a share of a default λ


@dataclass(frozen=True)
class Assumptions:
    discount_rate: float = 0.10  # annual
    discount_rate_sd: float = 0.02  # σ of the rate in the Monte Carlo
    horizon_years: int = 10
    periods_per_year: int = 4
    min_fit_points: int = 6
    min_annual_decay: float = 0.0
    decay_sd_multiplier: float = 1.0  # scales every type's σ of λ
    scenarios: int = 2000
    seed: int = 20260101
    decay_overrides: dict[str, float] = field(default_factory=dict)  # type → annual λ

    @property
    def horizon(self) -> int:
        return self.horizon_years * self.periods_per_year


@dataclass(frozen=True)
class WorkHistory:
    work_id: int
    work_type: str
    periods: tuple[tuple[dt.date, Decimal], ...]  # (period start, earnings), ascending


@dataclass(frozen=True)
class ContractedMinimum:
    work_id: int
    reference: str
    remaining: Decimal  # minimum guarantee not yet earned
    ends_on: dt.date


@dataclass(frozen=True)
class DecayFit:
    work_type: str
    annual_decay: float
    annual_sd: float
    points: int
    source: str  # fitted | default | override


@dataclass
class ProjectionBasis:
    """Arrays the deterministic and Monte Carlo valuations share (one row per work)."""

    work_ids: list[int]
    work_types: list[str]
    levels: np.ndarray  # L_w per period
    ages: np.ndarray  # a_w: age (periods) in the current period
    type_index: np.ndarray  # → fits
    fits: list[DecayFit]
    method: list[str]  # income | relief


def period_index(day: dt.date, ppy: int) -> int:
    return day.year * ppy + (day.month - 1) * ppy // 12


def period_start(index: int, ppy: int) -> dt.date:
    year, part = divmod(index, ppy)
    return dt.date(year, part * 12 // ppy + 1, 1)


def bucket(periods: tuple[tuple[dt.date, Decimal], ...], ppy: int) -> dict[int, float]:
    out: dict[int, float] = {}
    for day, amount in periods:
        key = period_index(day, ppy)
        out[key] = out.get(key, 0.0) + float(amount)
    return out


def fit_decay(work_type: str, series: list[dict[int, float]], assumptions: Assumptions) -> DecayFit:
    """Common-slope log-linear fit over the works of one type (see module doc)."""
    ppy = assumptions.periods_per_year
    floor = assumptions.min_annual_decay
    if work_type in assumptions.decay_overrides:
        lam = float(assumptions.decay_overrides[work_type])
        return DecayFit(work_type, lam, abs(lam) * DEFAULT_DECAY_SD_FRACTION, 0, "override")
    sxx = sxy = 0.0
    residual_inputs: list[tuple[np.ndarray, np.ndarray]] = []
    points = 0
    for buckets in series:
        positive = sorted((i, v) for i, v in buckets.items() if v > 0)
        if not positive:
            continue
        first = min(buckets)
        x = np.array([i - first for i, _ in positive], dtype=float)
        y = np.log(np.array([v for _, v in positive]))
        sxx += float(((x - x.mean()) ** 2).sum())
        sxy += float(((x - x.mean()) * (y - y.mean())).sum())
        residual_inputs.append((x, y))
        points += len(x)
    default = DEFAULT_ANNUAL_DECAY.get(work_type, DEFAULT_ANNUAL_DECAY["other"])
    if points < assumptions.min_fit_points or sxx <= 0:
        return DecayFit(
            work_type, max(default, floor), default * DEFAULT_DECAY_SD_FRACTION, points, "default"
        )
    slope = sxy / sxx
    ssr = sum(
        float((((y - y.mean()) - slope * (x - x.mean())) ** 2).sum()) for x, y in residual_inputs
    )
    dof = points - len(residual_inputs) - 1
    se = math.sqrt(ssr / dof / sxx) if dof > 0 else abs(slope) * DEFAULT_DECAY_SD_FRACTION
    return DecayFit(work_type, max(-slope * ppy, floor), se * ppy, points, "fitted")


def work_level(buckets: dict[int, float], lam_period: float) -> float:
    """L_w = exp(mean(ln E + λ t)) over the work's positive periods (t from its first period)."""
    first = min(buckets)
    pairs = [(i - first, v) for i, v in buckets.items() if v > 0]
    return math.exp(sum(math.log(v) + lam_period * t for t, v in pairs) / len(pairs))


def discount_factors(rates: np.ndarray, horizon: int, ppy: int) -> np.ndarray:
    """(len(rates), horizon): (1 + r) ^ (-k / ppy), k = 1…horizon."""
    k = np.arange(1, horizon + 1, dtype=float) / ppy
    return np.power(1.0 + rates[:, None], -k[None, :])


def project(basis: ProjectionBasis, lam_period: np.ndarray, horizon: int) -> np.ndarray:
    """Cash per (scenario, work, period) for λ per (scenario, type) — the vectorised core."""
    k = np.arange(horizon, dtype=float)
    lam = lam_period[:, basis.type_index]  # (S, W)
    return basis.levels[None, :, None] * np.exp(
        -lam[:, :, None] * (basis.ages[None, :, None] + k[None, None, :])
    )


def contracted_topups(
    cash: np.ndarray,
    basis: ProjectionBasis,
    minimums: list[ContractedMinimum],
    *,
    as_of: dt.date,
    ppy: int,
) -> np.ndarray:
    """(S, H) minimum-guarantee shortfalls paid at each contract's last period."""
    topups = np.zeros((cash.shape[0], cash.shape[2]))
    position = {work_id: n for n, work_id in enumerate(basis.work_ids)}
    now = period_index(as_of, ppy)
    for minimum in minimums:  # a handful of contracts, not the hot path
        if minimum.work_id not in position or minimum.remaining <= 0:
            continue
        last = min(max(period_index(minimum.ends_on, ppy) - now, 0), cash.shape[2] - 1)
        earned = cash[:, position[minimum.work_id], : last + 1].sum(axis=1)
        topups[:, last] += np.maximum(float(minimum.remaining) - earned, 0.0)
    return topups
