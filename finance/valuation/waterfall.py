"""Tranche waterfall of a securitised royalty pool, vectorised over scenarios.

Each period, for every scenario at once (arrays of shape (S,)):

1. Available funds = the period's collections + the reserve account balance
   (the reserve is released into available funds and re-funded in step 5).
2. Fees (senior to everything): ``fee_rate / ppy × notes outstanding + fixed_fee``.
3. Senior interest: ``senior coupon / ppy × senior balance``. A shortfall is paid
   by the external guarantee, up to what is left of its cap.
4. Mezzanine interest (a shortfall is lost, not deferred).
5. Reserve top-up to ``reserve_target × senior balance`` (0 in the last period,
   which releases the reserve down the waterfall).
6. Senior principal, sequential: everything left until the senior class is
   repaid. In the last period the guarantee pays any senior principal still
   outstanding, up to its remaining cap.
7. Mezzanine principal, then 8. the residual to the equity tranche.

Cash is conserved in every period and scenario:
``collections + guarantee draws = fees + interest + principal + equity + Δreserve``.
Only the loop over periods is in Python (each period depends on the previous
balances); every statement inside it works on whole scenario arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FLOWS = (
    "collections",
    "guarantee",
    "fees",
    "senior_interest",
    "mezz_interest",
    "reserve_change",
    "senior_principal",
    "mezz_principal",
    "equity",
)


@dataclass(frozen=True)
class Structure:
    senior_size: float
    mezz_size: float
    equity_size: float
    senior_coupon: float = 0.04  # annual
    mezz_coupon: float = 0.08
    fee_rate: float = 0.005  # annual, on notes outstanding
    fixed_fee: float = 0.0  # per period
    reserve_target: float = 0.05  # of the senior balance
    reserve_initial: float = 0.0  # funded at closing
    guarantee_cap: float = 0.0  # external guarantee of the senior class, cumulative
    periods_per_year: int = 4


@dataclass
class WaterfallResult:
    """Arrays (S, P) per flow and balance; ``*_balance`` are end-of-period balances."""

    flows: dict[str, np.ndarray]
    senior_balance: np.ndarray
    mezz_balance: np.ndarray
    reserve_balance: np.ndarray
    debt_service_due: np.ndarray  # fees + senior + mezz interest due
    senior_interest_due: np.ndarray
    mezz_interest_due: np.ndarray

    def senior_loss(self, structure: Structure) -> np.ndarray:
        return self.senior_balance[:, -1] / structure.senior_size if structure.senior_size else 0

    def mezz_loss(self, structure: Structure) -> np.ndarray:
        return self.mezz_balance[:, -1] / structure.mezz_size if structure.mezz_size else 0

    def equity_loss(self, structure: Structure) -> np.ndarray:
        if not structure.equity_size:
            return np.zeros(self.senior_balance.shape[0])
        returned = self.flows["equity"].sum(axis=1)
        return np.clip(1 - returned / structure.equity_size, 0, 1)


def run_waterfall(collections: np.ndarray, s: Structure) -> WaterfallResult:
    collections = np.atleast_2d(np.asarray(collections, dtype=float))
    n, periods = collections.shape
    ppy = s.periods_per_year
    out = {name: np.zeros((n, periods)) for name in FLOWS}
    balances = {k: np.zeros((n, periods)) for k in ("senior", "mezz", "reserve")}
    due = {k: np.zeros((n, periods)) for k in ("service", "si", "mi")}
    senior = np.full(n, float(s.senior_size))
    mezz = np.full(n, float(s.mezz_size))
    reserve = np.full(n, float(s.reserve_initial))
    cap_left = np.full(n, float(s.guarantee_cap))
    for p in range(periods):
        last = p == periods - 1
        cash = collections[:, p] + reserve
        fee_due = s.fee_rate / ppy * (senior + mezz) + s.fixed_fee
        fees = np.minimum(cash, fee_due)
        cash -= fees
        si_due = s.senior_coupon / ppy * senior
        si_cash = np.minimum(cash, si_due)
        cash -= si_cash
        g_interest = np.minimum(si_due - si_cash, cap_left)
        cap_left -= g_interest
        mi_due = s.mezz_coupon / ppy * mezz
        mi = np.minimum(cash, mi_due)
        cash -= mi
        target = np.zeros(n) if last else s.reserve_target * senior
        new_reserve = np.minimum(cash, target)
        cash -= new_reserve
        sp_cash = np.minimum(cash, senior)
        cash -= sp_cash
        senior = senior - sp_cash
        g_principal = np.minimum(senior, cap_left) if last else np.zeros(n)
        cap_left -= g_principal
        senior = senior - g_principal
        mp = np.minimum(cash, mezz)
        cash -= mp
        mezz = mezz - mp
        out["collections"][:, p] = collections[:, p]
        out["guarantee"][:, p] = g_interest + g_principal
        out["fees"][:, p] = fees
        out["senior_interest"][:, p] = si_cash + g_interest
        out["mezz_interest"][:, p] = mi
        out["reserve_change"][:, p] = new_reserve - reserve
        out["senior_principal"][:, p] = sp_cash + g_principal
        out["mezz_principal"][:, p] = mp
        out["equity"][:, p] = cash
        reserve = new_reserve
        balances["senior"][:, p], balances["mezz"][:, p] = senior, mezz
        balances["reserve"][:, p] = reserve
        due["service"][:, p] = fee_due + si_due + mi_due
        due["si"][:, p], due["mi"][:, p] = si_due, mi_due
    return WaterfallResult(
        flows=out,
        senior_balance=balances["senior"],
        mezz_balance=balances["mezz"],
        reserve_balance=balances["reserve"],
        debt_service_due=due["service"],
        senior_interest_due=due["si"],
        mezz_interest_due=due["mi"],
    )


def weighted_average_life(principal: np.ndarray, ppy: int) -> np.ndarray:
    """Per scenario: Σ t · principal_t / Σ principal_t, t in years (NaN if nothing repaid)."""
    t = np.arange(1, principal.shape[1] + 1) / ppy
    paid = principal.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(paid > 0, (principal * t[None, :]).sum(axis=1) / paid, np.nan)


def dscr(result: WaterfallResult) -> np.ndarray:
    """Collections / (fees + senior + mezzanine interest due) per period (inf when nothing due)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(
            result.debt_service_due > 0,
            result.flows["collections"] / result.debt_service_due,
            np.inf,
        )
