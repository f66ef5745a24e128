"""Waterfall: cash conservation and seniority (hypothesis), coverage, pool report and exports."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from finance.valuation.waterfall import Structure, dscr, run_waterfall, weighted_average_life

structures = st.builds(
    Structure,
    senior_size=st.floats(0, 1e6),
    mezz_size=st.floats(0, 5e5),
    equity_size=st.floats(0, 1e5),
    senior_coupon=st.floats(0, 0.2),
    mezz_coupon=st.floats(0, 0.3),
    fee_rate=st.floats(0, 0.05),
    fixed_fee=st.floats(0, 1e3),
    reserve_target=st.floats(0, 0.2),
    reserve_initial=st.floats(0, 5e4),
    guarantee_cap=st.floats(0, 2e5),
    periods_per_year=st.sampled_from([1, 4, 12]),
)
collections = arrays(
    np.float64,
    st.tuples(st.integers(1, 5), st.integers(1, 30)),
    elements=st.floats(0, 2e5, allow_nan=False),
)


@settings(max_examples=200, deadline=None)
@given(collections, structures)
def test_waterfall_conserves_cash(cash, structure):
    result = run_waterfall(cash, structure)
    f = result.flows
    inflow = f["collections"] + f["guarantee"]
    outflow = (
        f["fees"]
        + f["senior_interest"]
        + f["mezz_interest"]
        + f["senior_principal"]
        + f["mezz_principal"]
        + f["equity"]
        + f["reserve_change"]
    )
    np.testing.assert_allclose(inflow, outflow, rtol=1e-9, atol=1e-6)
    assert (f["equity"] >= -1e-9).all() and (result.reserve_balance >= -1e-9).all()
    assert (f["guarantee"].sum(axis=1) <= structure.guarantee_cap + 1e-6).all()


@settings(max_examples=200, deadline=None)
@given(collections, structures)
def test_senior_is_paid_before_mezzanine_in_every_period(cash, structure):
    result = run_waterfall(cash, structure)
    f, tol = result.flows, 1e-6
    mezz_paid = (f["mezz_interest"] > tol) | (f["mezz_principal"] > tol)
    senior_interest_short = f["senior_interest"] < result.senior_interest_due - tol
    assert not (mezz_paid & senior_interest_short).any()
    # Mezzanine principal only once the senior class is repaid.
    assert not ((f["mezz_principal"] > tol) & (result.senior_balance > tol)).any()
    # Equity only after both classes are repaid.
    assert not (
        (f["equity"] > tol) & ((result.senior_balance > tol) | (result.mezz_balance > tol))
    ).any()


def test_guarantee_covers_senior_shortfall_up_to_its_cap():
    s = Structure(
        senior_size=1000,
        mezz_size=0,
        equity_size=0,
        senior_coupon=0.04,
        fee_rate=0,
        reserve_target=0,
        guarantee_cap=300,
        periods_per_year=4,
    )
    result = run_waterfall(np.array([[0.0, 0.0, 0.0, 500.0]]), s)
    assert result.flows["guarantee"].sum() == 300
    assert result.senior_balance[0, -1] == 1000 - 500 + 40 - 300 + 0  # 40 of interest went first
    assert result.senior_loss(s)[0] > 0


def test_wal_and_dscr():
    s = Structure(
        senior_size=100,
        mezz_size=0,
        equity_size=0,
        senior_coupon=0,
        fee_rate=0,
        reserve_target=0,
        periods_per_year=1,
    )
    result = run_waterfall(np.array([[50.0, 50.0]]), s)
    assert weighted_average_life(result.flows["senior_principal"], 1)[0] == 1.5
    assert np.isinf(dscr(result)).all()  # nothing due: no interest


def test_factorised_collections_equal_the_dense_array():
    from finance.valuation.poolmodel import collections, collections_dense
    from marketplace.benchmarks.management.commands.bench_pool import synthetic_basis

    basis = synthetic_basis(400, seed=3)
    kwargs = {
        "periods": 48,
        "ppy": 4,
        "decay_multiplier": np.array([1.0, 1.4, 0.6, 2.0]),
        "hazard": np.array([0.0, 0.01, 0.03, 0.2]),
    }
    fast = collections(basis, rng=np.random.default_rng(5), **kwargs)
    dense = collections_dense(basis, rng=np.random.default_rng(5), **kwargs)
    np.testing.assert_allclose(fast, dense, rtol=1e-5)
    assert fast[3, -1] < fast[0, -1]  # defaults and faster decay cost collections
