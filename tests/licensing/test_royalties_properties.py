"""Property tests of the royalty arithmetic (hypothesis): splits, recoupment, escalators."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from finance.currency import round_money
from licensing.royalties import engine
from licensing.terms import Escalator, RoyaltyRate

money = st.decimals(min_value=Decimal("-100000"), max_value=Decimal("1000000"), places=2)
exact_amounts = st.lists(
    st.decimals(min_value=Decimal("-1000"), max_value=Decimal("100000"), places=7),
    min_size=1,
    max_size=40,
)
weights = st.lists(
    st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("100"), places=4),
    min_size=1,
    max_size=8,
)


@given(amount=money, weights=weights, currency=st.sampled_from(["USD", "VND", "KWD", "CNY"]))
def test_payee_shares_sum_to_the_total_to_the_minor_unit(amount, weights, currency):
    amount = round_money(amount, currency)
    parts = engine.split_largest_remainder(amount, weights, currency)
    assert sum(parts, Decimal(0)) == amount
    assert all(round_money(p, currency) == p for p in parts)
    # no part strays more than one minor unit from its exact share
    total = sum(weights)
    unit = Decimal(1).scaleb(-2 if currency in ("USD", "CNY") else (0 if currency == "VND" else 3))
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part - amount * weight / total) < unit


@given(
    exact=exact_amounts,
    residue=st.decimals(min_value=Decimal("-0.005"), max_value=Decimal("0.005"), places=6),
)
def test_rounding_with_carry_reconciles_to_the_rounded_total(exact, residue):
    rounded, left = engine.round_carry(exact, "USD", residue=residue)
    assert sum(rounded, Decimal(0)) == round_money(sum(exact, Decimal(0)) + residue, "USD")
    assert sum(rounded, Decimal(0)) + left == sum(exact, Decimal(0)) + residue
    assert abs(left) <= Decimal("0.005")


@given(exact=exact_amounts)
def test_restating_the_same_data_gives_the_same_numbers(exact):
    assert engine.round_carry(list(exact), "USD") == engine.round_carry(list(exact), "USD")


@given(
    advance=st.decimals(min_value=Decimal(0), max_value=Decimal(50000), places=2),
    periods=st.lists(
        st.decimals(min_value=Decimal(-500), max_value=Decimal(20000), places=2),
        min_size=1,
        max_size=12,
    ),
)
def test_recoupment_never_pays_out_before_the_advance_is_earned(advance, periods):
    unrecouped, earned, paid = advance, Decimal(0), Decimal(0)
    for earnings in periods:
        recouped = engine.recoupment(available=earnings, unrecouped=unrecouped)
        unrecouped -= recouped
        earned += earnings
        paid += max(earnings - recouped, Decimal(0))
        assert recouped >= 0 and unrecouped >= 0
        if paid > 0:  # anything paid out means the advance is fully earned back
            assert unrecouped == 0
        assert paid <= max(Decimal(0), earned - advance) + sum(-e for e in periods if e < 0)


thresholds = st.lists(
    st.integers(min_value=1, max_value=5000), min_size=1, max_size=4, unique=True
).map(sorted)


@settings(max_examples=200)
@given(thresholds=thresholds, before=st.integers(0, 8000), units=st.integers(1, 8000))
def test_escalator_boundaries_are_exact(thresholds, before, units):
    rate = RoyaltyRate(
        channel="print",
        basis="per_unit",
        rate=Decimal("1.00"),
        escalators=tuple(Escalator(t, Decimal(i + 2)) for i, t in enumerate(thresholds)),
    )
    tiers = engine.escalator_tiers(rate, units_before=before, units=units)
    assert sum(t.units for t in tiers) == units
    # unit by unit: the nth unit sold earns the rate for the units before it
    by_unit = sum(rate.rate_for_cumulative(before + i) for i in range(units))
    assert (
        engine.rule_royalty(rate, units_before=before, units=units, basis_amount=Decimal(0))
        == by_unit
    )


@given(
    before=st.integers(0, 3000),
    units=st.integers(1, 3000),
    basis=st.decimals(min_value=Decimal(1), max_value=Decimal(10**6), places=2),
)
def test_percentage_escalator_splits_the_crossing_period_pro_rata(before, units, basis):
    rate = RoyaltyRate(
        channel="print",
        basis="list_price",
        rate=Decimal(10),
        escalators=(Escalator(1000, Decimal(12)),),
    )
    low = max(0, min(units, 1000 - before))
    expected = basis * low / units * Decimal("0.10") + basis * (units - low) / units * Decimal(
        "0.12"
    )
    got = engine.rule_royalty(rate, units_before=before, units=units, basis_amount=basis)
    assert abs(got - expected) < Decimal("1e-20")


def test_most_specific_rate_wins():
    rates = (
        RoyaltyRate(channel="*", basis="net_receipts", rate=Decimal(5)),
        RoyaltyRate(channel="print", basis="list_price", rate=Decimal(8)),
        RoyaltyRate(channel="print", basis="list_price", rate=Decimal(9), territory="ASEAN"),
        RoyaltyRate(channel="print", basis="list_price", rate=Decimal(10), territory="VN"),
        RoyaltyRate(channel="*", basis="list_price", rate=Decimal(11), territory="VN"),
        RoyaltyRate(
            channel="print", basis="list_price", rate=Decimal(12), territory="VN", format="hardback"
        ),
    )
    pick = lambda **kw: rates[engine.select_rate(rates, **kw)].rate  # noqa: E731
    assert pick(channel="print", territory="VN", format="hardback") == 12
    assert pick(channel="print", territory="VN", format="paperback") == 10
    assert pick(channel="print", territory="TH", format="") == 9
    assert pick(channel="print", territory="FR", format="") == 8
    assert pick(channel="ebook", territory="VN", format="") == 11  # territory beats "*"
    assert pick(channel="ebook", territory="FR", format="") == 5


def test_minimum_guarantee_top_up_counts_the_advance():
    assert engine.minimum_guarantee_topup(
        guarantee=Decimal(1000), advance=Decimal(600), lifetime_earnings=Decimal(400)
    ) == Decimal(400)
    assert engine.minimum_guarantee_topup(
        guarantee=Decimal(1000), advance=Decimal(600), lifetime_earnings=Decimal(900)
    ) == Decimal(100)
    assert (
        engine.minimum_guarantee_topup(
            guarantee=Decimal(1000), advance=Decimal(0), lifetime_earnings=Decimal(1200)
        )
        == 0
    )


# --- the contract-level calculation (close.compute_earnings), still without a database -------

from licensing.royalties.close import compute_earnings  # noqa: E402
from licensing.terms import Terms  # noqa: E402

TERMS = Terms.from_dict(
    {
        "currency": "USD",
        "rights": [
            {
                "right_type": "translation",
                "territories": ["WORLD"],
                "languages": ["en"],
                "start": "2027-01-01",
                "end": "2030-12-31",
                "exclusive": False,
            }
        ],
        "royalty_rates": [
            {
                "channel": "print",
                "basis": "list_price",
                "rate": "10",
                "escalators": [
                    {"above_units": 500, "rate": "12.5"},
                    {"above_units": 2000, "rate": "15"},
                ],
            },
            {"channel": "ebook", "basis": "net_receipts", "rate": "25"},
            {"channel": "streaming", "basis": "per_unit", "rate": "0.01"},
        ],
    }
)
usage_rows = st.lists(
    st.tuples(
        st.integers(1, 3),  # work
        st.sampled_from(["print", "ebook", "streaming"]),
        st.sampled_from(["VN", "TH", "MY"]),
        st.integers(1, 400),
        st.decimals(min_value=Decimal("0.99"), max_value=Decimal("30"), places=2),
    ),
    min_size=1,
    max_size=30,
)


def _rows(raw):
    return [
        (work, channel, territory, "", "USD", units, price * units, price * units / 2)
        for work, channel, territory, units, price in raw
    ]


@settings(max_examples=150)
@given(raw=usage_rows, shares=weights)
def test_statement_lines_and_payee_shares_sum_to_the_total(raw, shares):
    figures = compute_earnings(TERMS, _rows(raw), cumulative={}, residue=Decimal(0), rates=None)
    exact = sum((line.exact for line in figures.lines), Decimal(0))
    assert figures.earnings == round_money(exact, "USD")
    assert figures.earnings + figures.residue == exact
    per_payee = [Decimal(0)] * len(shares)
    for line in figures.lines:
        for i, part in enumerate(engine.split_largest_remainder(line.amount, shares, "USD")):
            per_payee[i] += part
    assert sum(per_payee, Decimal(0)) == figures.earnings


@settings(max_examples=150)
@given(raw=usage_rows)
def test_restating_the_same_period_gives_the_same_figures(raw):
    first = compute_earnings(
        TERMS, _rows(raw), cumulative={"0": 300}, residue=Decimal(0), rates=None
    )
    again = compute_earnings(
        TERMS, list(reversed(_rows(raw))), cumulative={"0": 300}, residue=Decimal(0), rates=None
    )
    assert [(ln.key, ln.amount) for ln in first.lines] == [
        (ln.key, ln.amount) for ln in again.lines
    ]
    assert first.cumulative == again.cumulative


@settings(max_examples=150)
@given(first=st.integers(1, 3000), second=st.integers(1, 3000))
def test_escalators_count_units_across_periods(first, second):
    price = Decimal("10.00")
    one = compute_earnings(
        TERMS,
        _rows([(1, "print", "VN", first, price)]),
        cumulative={},
        residue=Decimal(0),
        rates=None,
    )
    two = compute_earnings(
        TERMS,
        _rows([(1, "print", "VN", second, price)]),
        cumulative=one.cumulative,
        residue=one.residue,
        rates=None,
    )
    rate = TERMS.royalty_rates[0]
    by_unit = sum(price * rate.rate_for_cumulative(i) / 100 for i in range(first + second))
    assert one.earnings + two.earnings == round_money(by_unit, "USD")
    assert two.cumulative["0"] == first + second
