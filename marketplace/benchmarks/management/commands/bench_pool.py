"""Time the vectorised pool model: value a synthetic pool, stress it through the waterfall.

python manage.py bench_pool --works 10000 --periods 120 --scenarios 1000
"""

from __future__ import annotations

import sys
import time

import numpy as np
from django.core.management.base import BaseCommand
from tqdm import tqdm

from finance.valuation.model import DEFAULT_ANNUAL_DECAY, DecayFit, ProjectionBasis
from finance.valuation.poolmodel import (
    StressSpec,
    collections,
    collections_dense,
    remaining_value,
    stress_draws,
)
from finance.valuation.waterfall import Structure, run_waterfall, weighted_average_life


def synthetic_basis(works: int, seed: int) -> ProjectionBasis:
    rng = np.random.default_rng(seed)
    types = sorted(DEFAULT_ANNUAL_DECAY)
    fits = [DecayFit(t, DEFAULT_ANNUAL_DECAY[t], 0.03, 0, "default") for t in types]
    type_index = rng.integers(0, len(types), works)
    return ProjectionBasis(
        work_ids=list(range(1, works + 1)),
        work_types=[types[i] for i in type_index],
        levels=rng.lognormal(mean=7.0, sigma=1.0, size=works),
        ages=rng.integers(0, 40, works).astype(float),
        type_index=type_index,
        fits=fits,
        method=["income"] * works,
    )


class Command(BaseCommand):
    help = "Benchmark the pool valuation and the stress-scenario waterfall (prints seconds)."

    def add_arguments(self, parser):
        parser.add_argument("--works", type=int, default=10000)
        parser.add_argument("--periods", type=int, default=120)
        parser.add_argument("--scenarios", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument(
            "--dense",
            action="store_true",
            help="materialise the scenarios × works × periods array (slower, same numbers)",
        )

    def handle(
        self, *args, works: int, periods: int, scenarios: int, seed: int, dense: bool, **options
    ):
        basis = synthetic_basis(works, seed)
        ppy = 4
        started = time.perf_counter()
        rng = np.random.default_rng(seed)
        base = collections(
            basis,
            periods=periods,
            ppy=ppy,
            decay_multiplier=np.ones(1),
            hazard=np.zeros(1),
            rng=rng,
        )[0]
        value = remaining_value(base, 0.08, ppy)[0]
        valued = time.perf_counter()
        structure = Structure(
            senior_size=0.7 * value,
            mezz_size=0.2 * value,
            equity_size=0.1 * value,
            reserve_target=0.05,
            reserve_initial=0.01 * value,
            guarantee_cap=0.1 * value,
            periods_per_year=ppy,
        )
        multiplier, hazard, stress_rng = stress_draws(StressSpec(scenarios=scenarios, seed=seed))
        with tqdm(total=scenarios, desc="stress scenarios", unit="scn", file=sys.stderr) as bar:
            cash = (collections_dense if dense else collections)(
                basis,
                periods=periods,
                ppy=ppy,
                decay_multiplier=multiplier,
                hazard=hazard,
                rng=stress_rng,
                progress=bar.update,
            )
        projected = time.perf_counter()
        result = run_waterfall(cash, structure)
        senior_el = float(np.mean(result.senior_loss(structure)))
        mezz_el = float(np.mean(result.mezz_loss(structure)))
        wal = float(np.nanmean(weighted_average_life(result.flows["senior_principal"], ppy)))
        done = time.perf_counter()
        cells = works * periods * scenarios
        method = "dense" if dense else "factorised"
        self.stdout.write(
            f"works={works} periods={periods} scenarios={scenarios} cells={cells:,}\n"
            f"value the pool (base collections + PV): {valued - started:.2f} s  → {value:,.0f}\n"
            f"stress collections (scenarios × works × periods, {method}): "
            f"{projected - valued:.2f} s\n"
            f"waterfall over {scenarios} scenarios: {done - projected:.2f} s\n"
            f"total: {done - started:.2f} s  (senior EL {senior_el:.4%}, mezz EL {mezz_el:.4%},"
            f" senior WAL {wal:.2f} y)"
        )
