"""Property tests of the royalty arithmetic (hypothesis): splits, recoupment, escalators."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.kernel.money import round_money
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
        channel="retail",
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
        channel="retail",
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
        RoyaltyRate(channel="retail", basis="list_price", rate=Decimal(8)),
        RoyaltyRate(channel="retail", basis="list_price", rate=Decimal(9), territory="ASEAN"),
        RoyaltyRate(channel="retail", basis="list_price", rate=Decimal(10), territory="VN"),
        RoyaltyRate(channel="*", basis="list_price", rate=Decimal(11), territory="VN"),
        RoyaltyRate(
            channel="retail",
            basis="list_price",
            rate=Decimal(12),
            territory="VN",
            format="hardback",
        ),
    )
    pick = lambda **kw: rates[engine.select_rate(rates, **kw)].rate  # noqa: E731
    assert pick(channel="retail", territory="VN", format="hardback") == 12
    assert pick(channel="retail", territory="VN", format="paperback") == 10
    assert pick(channel="retail", territory="TH", format="") == 9
    assert pick(channel="retail", territory="FR", format="") == 8
    assert pick(channel="online", territory="VN", format="") == 11  # territory beats "*"
    assert pick(channel="online", territory="FR", format="") == 5


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
from licensing.terms import RateBasis, Terms  # noqa: E402
from marketplace.benchmarks.royalties_data import RATES as BENCH_RATES  # noqa: E402

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
                "channel": "retail",
                "basis": "list_price",
                "rate": "10",
                "escalators": [
                    {"above_units": 500, "rate": "12.5"},
                    {"above_units": 2000, "rate": "15"},
                ],
            },
            {"channel": "online", "basis": "net_receipts", "rate": "25"},
            {"channel": "streaming", "basis": "per_unit", "rate": "0.01"},
        ],
    }
)
usage_rows = st.lists(
    st.tuples(
        st.integers(1, 3),  # work
        st.sampled_from(["retail", "online", "streaming"]),
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
        _rows([(1, "retail", "VN", first, price)]),
        cumulative={},
        residue=Decimal(0),
        rates=None,
    )
    two = compute_earnings(
        TERMS,
        _rows([(1, "retail", "VN", second, price)]),
        cumulative=one.cumulative,
        residue=one.residue,
        rates=None,
    )
    rate = TERMS.royalty_rates[0]
    by_unit = sum(price * rate.rate_for_cumulative(i) / 100 for i in range(first + second))
    assert one.earnings + two.earnings == round_money(by_unit, "USD")
    assert two.cumulative["0"] == first + second


# --- exactness against rational arithmetic (fractions), independent of Decimal contexts ------

BENCH_TERMS = Terms.from_dict(
    {"currency": "USD", "rights": TERMS.to_dict()["rights"], "royalty_rates": BENCH_RATES}
)


# The format of the bench's rows per channel: its old "ebook" rate reads as online + ebook.
FORMAT_OF = {"retail": "", "online": "ebook", "streaming": ""}


def _exact_total(terms: Terms, rows) -> Fraction:
    """The period's royalty as a rational number: no rounding anywhere."""
    total = Fraction(0)
    for rule in terms.royalty_rates:
        # Each bench rule is one (channel, format): an online row is an e-book's.
        mine = [row for row in rows if row[1] == rule.channel and rule.format in ("*", row[3])]
        if not mine:
            continue
        units = sum(row[5] for row in mine)
        tiers = engine.escalator_tiers(rule, units_before=0, units=units)
        if rule.basis == RateBasis.PER_UNIT:
            total += sum(Fraction(t.units) * Fraction(t.rate) for t in tiers)
            continue
        column = 6 if rule.basis == RateBasis.LIST_PRICE else 7
        basis = sum(Fraction(row[column]) for row in mine)
        weighted = sum(Fraction(t.units) * Fraction(t.rate) for t in tiers)
        if units:
            total += basis * weighted / (units * 100)
        else:
            total += basis * Fraction(tiers[0].rate) / 100
    return total


def _half_even_cents(value: Fraction) -> Decimal:
    cents = value * 100
    whole = cents.numerator // cents.denominator
    rest = cents - whole
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and whole % 2):
        whole += 1
    return Decimal(whole).scaleb(-2)


def test_a_total_of_exactly_half_a_cent_rounds_half_even():
    # 8,595.145 exactly; summed at 28 significant digits the pro-rata parts of the
    # crossing print royalty (2,195 + 589 + 488 units, 12.5 % above 2,000) came to
    # 8,595.14500…0002 and the statement said 8,595.15.
    rows = [
        (1, channel, f"T{i}", FORMAT_OF[channel], "USD", units, Decimal(listed), Decimal(net))
        for i, (channel, units, listed, net) in enumerate(
            [
                ("online", 276, "4429.80", "2436.39"),
                ("retail", 589, "2992.12", "1645.67"),
                ("online", 1125, "20520.00", "11286.00"),
                ("retail", 488, "6139.04", "3376.47"),
                ("online", 1659, "15777.09", "8677.40"),
                ("retail", 2195, "11457.90", "6301.84"),
                ("online", 810, "5354.10", "2944.76"),
            ]
        )
    ]
    assert _exact_total(BENCH_TERMS, rows) == Fraction("8595.145")
    figures = compute_earnings(BENCH_TERMS, rows, cumulative={}, residue=Decimal(0), rates=None)
    assert figures.earnings == Decimal("8595.14")
    assert figures.residue == Decimal("0.005")


@settings(max_examples=300)
@given(
    raw=st.lists(
        st.tuples(
            st.sampled_from(["retail", "online", "streaming"]),
            st.integers(-5, 3000),
            st.integers(499, 2999),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_earnings_are_the_rational_total_rounded_once(raw):
    rows = [
        (
            1,
            channel,
            f"T{i}",
            FORMAT_OF[channel],
            "USD",
            units,
            Decimal(cents) * units / 100,
            (Decimal(cents) * units * Decimal("0.0055")).quantize(Decimal("0.01")),
        )
        for i, (channel, units, cents) in enumerate(raw)
    ]
    figures = compute_earnings(BENCH_TERMS, rows, cumulative={}, residue=Decimal(0), rates=None)
    exact = _exact_total(BENCH_TERMS, rows)
    assert figures.earnings == _half_even_cents(exact)
    assert abs(Fraction(figures.earnings + figures.residue) - exact) < Fraction(1, 10**15)
