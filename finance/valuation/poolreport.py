"""What the pool page and exports show: eligibility, concentration, waterfall, coverage, losses.

Actual collections of a live pool are the credits (money arriving) to the
trustee's escrow account in the pool currency, bucketed by the entry's
effective date into the model's periods.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.utils import timezone

from catalog.kernel.status import work_has_flag
from finance.ledger.services import account_for
from finance.models import Posting
from finance.valuation.inputs import History, histories_for, royalty_history
from finance.valuation.model import Assumptions, period_index, period_start
from finance.valuation.models import Pool, PoolStatus
from finance.valuation.montecarlo import build_basis
from finance.valuation.poolmodel import NAMED_SCENARIOS, PoolRun, StressSpec, run_pool
from finance.valuation.waterfall import Structure, dscr, weighted_average_life

PPY = 4


@dataclass
class Eligibility:
    work_id: int
    title: str
    originator_id: int
    originator: str
    work_type: str
    territory: str
    periods: int
    reasons: list[str]

    @property
    def eligible(self) -> bool:
        return not self.reasons


@dataclass
class PoolReport:
    pool: Pool
    eligibility: list[Eligibility]
    concentration: list[dict]
    breaches: list[dict]
    structure: Structure
    run: PoolRun | None
    periods: list[dict] = field(default_factory=list)
    tranches: list[dict] = field(default_factory=list)
    scenarios: list[dict] = field(default_factory=list)
    start: dt.date | None = None


def pool_works(pool: Pool) -> list:
    works = {w.pk: w for w in pool.works.select_related("holder")}
    for contract in pool.contracts.select_related("work__holder"):
        works.setdefault(contract.work_id, contract.work)
    return list(works.values())


def eligibility(works: list, history: History, min_periods: int) -> list[Eligibility]:
    rows = []
    for work in works:
        periods = sum(1 for _, amount in history.get(work.pk, []) if amount > 0)
        reasons = []
        if not work_has_flag(work, "registered"):
            reasons.append("not registered")
        for flag in ("disputed", "seized"):
            if work_has_flag(work, flag):
                reasons.append(flag)
        if periods < min_periods:
            reasons.append(f"{periods} of {min_periods} history periods")
        rows.append(
            Eligibility(
                work.pk,
                work.original_title,
                work.holder_id,
                work.holder.name,
                work.work_type,
                work.country_of_origin,
                periods,
                reasons,
            )
        )
    return rows


def concentration(
    rows: list[Eligibility], values: dict[int, float], limits: dict
) -> tuple[list, list]:
    """Share of the base-case value per originator (by party), work type and territory."""
    total = sum(values.values()) or 1.0
    dims = {
        "originator": (lambda r: (r.originator_id, r.originator), "max_originator_share"),
        "work_type": (lambda r: (r.work_type, r.work_type), "max_work_type_share"),
        "territory": (lambda r: (r.territory, r.territory), "max_territory_share"),
    }
    table, breaches = [], []
    for dim, (key_of, limit_name) in dims.items():
        limit = float(limits.get(limit_name, 1))
        shares: dict[tuple, float] = defaultdict(float)
        for row in rows:
            if row.work_id in values:
                shares[key_of(row)] += values[row.work_id] / total
        for (_id, label), share in sorted(shares.items(), key=lambda kv: -kv[1]):
            entry = {"dimension": dim, "key": label, "share": share, "limit": limit}
            table.append(entry)
            if share > limit + 1e-9:
                breaches.append(entry)
    return table, breaches


def actual_collections(pool: Pool, start_index: int, periods: int) -> dict[int, float]:
    if pool.status == PoolStatus.DRAFT or pool.live_from is None:
        return {}
    account = account_for(party=pool.trustee, kind="escrow", currency=pool.currency)
    out: dict[int, float] = defaultdict(float)
    credits = Posting.objects.filter(
        account=account, amount__lt=0, entry__effective_on__gte=pool.live_from
    ).values_list("entry__effective_on", "amount")
    for day, amount in credits:
        offset = period_index(day, PPY) - start_index
        if 0 <= offset < periods:
            out[offset] += float(-amount)
    return dict(out)


def _structure(pool: Pool, value: float) -> Structure:
    s = pool.structure
    senior = float(s["senior_share"]) * value
    mezz = float(s["mezz_share"]) * value
    return Structure(
        senior_size=senior,
        mezz_size=mezz,
        equity_size=max(value - senior - mezz, 0.0),
        senior_coupon=float(s["senior_coupon"]),
        mezz_coupon=float(s["mezz_coupon"]),
        fee_rate=float(s["fee_rate"]),
        fixed_fee=float(s["fixed_fee"]),
        reserve_target=float(s["reserve_target"]),
        reserve_initial=float(s["reserve_initial_share"]) * value,
        guarantee_cap=float(s["guarantee_share"]) * senior,
        periods_per_year=PPY,
    )


def _period_rows(run: PoolRun, structure: Structure, start: int, actual: dict[int, float]) -> list:
    w = run.base_waterfall
    cover = dscr(w)[0]
    senior_open = np.concatenate([[structure.senior_size], w.senior_balance[0, :-1]])
    notes_open = senior_open + np.concatenate([[structure.mezz_size], w.mezz_balance[0, :-1]])
    with np.errstate(divide="ignore", invalid="ignore"):
        oc_senior = np.where(senior_open > 0, run.remaining_pv / senior_open, np.inf)
        oc_notes = np.where(notes_open > 0, run.remaining_pv / notes_open, np.inf)
    rows = []
    for p in range(len(run.base)):
        row = {name: float(values[0, p]) for name, values in w.flows.items()}
        row.update(
            period=p + 1,
            start=period_start(start + p, PPY),
            senior_balance=float(w.senior_balance[0, p]),
            mezz_balance=float(w.mezz_balance[0, p]),
            reserve_balance=float(w.reserve_balance[0, p]),
            dscr=float(cover[p]),
            oc_senior=float(oc_senior[p]),
            oc_notes=float(oc_notes[p]),
            actual=actual.get(p),
        )
        rows.append(row)
    return rows


def _tranches(run: PoolRun, s: Structure) -> list[dict]:
    stress, base = run.stress, run.base_waterfall
    out = []
    for name, size, coupon, principal, loss in (
        ("senior", s.senior_size, s.senior_coupon, "senior_principal", "senior_loss"),
        ("mezzanine", s.mezz_size, s.mezz_coupon, "mezz_principal", "mezz_loss"),
        ("equity", s.equity_size, None, "equity", "equity_loss"),
    ):
        out.append(
            {
                "name": name,
                "size": size,
                "coupon": coupon,
                "wal_base": float(weighted_average_life(base.flows[principal], PPY)[0]),
                "wal_stress": float(
                    np.nanmean(weighted_average_life(stress.flows[principal], PPY))
                ),
                "el_stress": float(np.mean(getattr(stress, loss)(s))),
                "el_by_scenario": {
                    n: float(np.mean(getattr(run.named[n], loss)(s))) for n in NAMED_SCENARIOS
                },
            }
        )
    return out


def pool_report(
    pool: Pool, *, history: History | None = None, today: dt.date | None = None
) -> PoolReport:
    works = pool_works(pool)
    if history is None:
        history = royalty_history([w.pk for w in works], pool.currency)
    rows = eligibility(works, history, int(pool.criteria.get("min_history_periods", 0)))
    eligible_ids = {r.work_id for r in rows if r.eligible}
    s = pool.structure
    start_day = pool.live_from or today or timezone.localdate()
    assumptions = Assumptions(
        discount_rate=float(s["discount_rate"]),
        horizon_years=int(s["horizon_years"]),
        periods_per_year=PPY,
    )
    histories = histories_for([w for w in works if w.pk in eligible_ids], history)
    basis, _, _ = build_basis(histories, [], assumptions, as_of=start_day)
    periods = assumptions.horizon
    if not basis.work_ids:
        return PoolReport(pool, rows, [], [], _structure(pool, 0.0), None, start=start_day)
    spec = StressSpec(
        decay_sd=float(s["stress_decay_sd"]),
        max_hazard=float(s["stress_max_hazard"]),
        scenarios=int(s["stress_scenarios"]),
        seed=int(s["seed"]),
    )
    # Concentration is measured on each work's share of the base-case value.
    probe = run_pool(
        basis,
        _structure(pool, 1.0),
        periods=periods,
        discount_rate=assumptions.discount_rate,
        spec=StressSpec(scenarios=1),
    )
    structure = _structure(pool, probe.pool_value)
    run = run_pool(
        basis, structure, periods=periods, discount_rate=assumptions.discount_rate, spec=spec
    )
    df = (1 + assumptions.discount_rate) ** (-np.arange(1, periods + 1) / PPY)
    ages = basis.ages[:, None] + np.arange(periods)[None, :]
    lam = np.array([f.annual_decay / PPY for f in basis.fits])[basis.type_index]
    values = (basis.levels[:, None] * np.exp(-lam[:, None] * ages) * df[None, :]).sum(axis=1)
    table, breaches = concentration(
        rows, dict(zip(basis.work_ids, values.tolist(), strict=True)), pool.criteria
    )
    start = period_index(start_day, PPY)
    actual = actual_collections(pool, start, periods)
    report = PoolReport(pool, rows, table, breaches, structure, run, start=start_day)
    report.periods = _period_rows(run, structure, start, actual)
    report.tranches = _tranches(run, structure)
    return report
