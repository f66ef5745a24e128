"""Royalty arithmetic: pure functions on Decimal, no database, no floats.

Rounding rule (docs/royalties.md): amounts are computed exactly and rounded
once, per statement line, half-even to the currency's minor unit. The
residue is carried: line *i* gets ``round(C_i) - round(C_{i-1})`` where C is
the running exact total (plus the residue brought from the previous
period), so the rounded lines always sum to the rounded total and nothing
is lost or invented over periods. Splits among payees use the largest
remainder method, so the parts always sum to the whole to the minor unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from catalog.kernel.money import quantum, round_money
from catalog.territories import group_members
from licensing.terms import RateBasis, RoyaltyRate

ZERO = Decimal(0)
HUNDRED = Decimal(100)


# --- rate selection ------------------------------------------------------------------------------


def _territory_score(rule_territory: str, territory: str) -> int | None:
    if rule_territory == "*":
        return 0
    if rule_territory == territory:
        return 2
    members = group_members(rule_territory)
    if members is not None and territory in members:
        return 1
    return None


def select_rate(
    rates: Sequence[RoyaltyRate], *, channel: str, territory: str, format: str
) -> int | None:
    """Index of the most specific rate for a line, or None if no rate applies.

    Specificity, compared in this order: an exact channel beats "*"; then a
    country beats a group (ASEAN) which beats "*"; then an exact format
    beats "*". On a full tie the rate written first in the terms wins.
    """
    best: tuple[int, int, int] | None = None
    best_index = None
    for index, rate in enumerate(rates):
        if rate.channel not in ("*", channel):
            continue
        if rate.format not in ("*", format):
            continue
        t_score = _territory_score(rate.territory, territory)
        if t_score is None:
            continue
        score = (int(rate.channel != "*"), t_score, int(rate.format != "*"))
        if best is None or score > best:
            best, best_index = score, index
    return best_index


# --- escalators ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tier:
    units: int
    rate: Decimal


def escalator_tiers(rate: RoyaltyRate, *, units_before: int, units: int) -> list[Tier]:
    """Split ``units`` sold after ``units_before`` cumulative units into rate tiers.

    The unit that crosses a threshold is exact: with ``above_units=1000`` and
    900 units before, a period of 300 units is 100 units at the old rate and
    200 at the new one. Returns (negative units, i.e. net returns) keep the
    rate of the tier the cumulative count is in, without un-crossing.
    """
    if units <= 0:
        return [Tier(units, rate.rate_for_cumulative(units_before))]
    tiers: list[Tier] = []
    position, remaining = units_before, units
    for step in rate.escalators:
        if remaining == 0:
            break
        if position < step.above_units:
            take = min(remaining, step.above_units - position)
            tiers.append(Tier(take, rate.rate_for_cumulative(position)))
            position += take
            remaining -= take
    if remaining:
        tiers.append(Tier(remaining, rate.rate_for_cumulative(position)))
    return [t for t in tiers if t.units]


def rule_royalty(
    rate: RoyaltyRate, *, units_before: int, units: int, basis_amount: Decimal
) -> Decimal:
    """Exact royalty of one rate rule for a period (before any rounding).

    Percentage bases spread the period's basis amount evenly over its units,
    so each tier earns its share of the amount at its own rate.
    """
    tiers = escalator_tiers(rate, units_before=units_before, units=units)
    if rate.basis == RateBasis.PER_UNIT:
        return sum((Decimal(t.units) * t.rate for t in tiers), ZERO)
    if units == 0 or len(tiers) == 1:
        return basis_amount * tiers[0].rate / HUNDRED
    # One division, last: the result is exact whenever the true value has a finite
    # decimal expansion, so a royalty that is exactly half a cent rounds half-even.
    weighted = sum((Decimal(t.units) * t.rate for t in tiers), ZERO)
    return basis_amount * weighted / (Decimal(units) * HUNDRED)


def rate_label(rate: RoyaltyRate, tiers: Sequence[Tier]) -> str:
    rates = " → ".join(dict.fromkeys(f"{t.rate.normalize():f}" for t in tiers))
    if rate.basis == RateBasis.PER_UNIT:
        return f"{rates} / unit"
    return f"{rates} % {'list' if rate.basis == RateBasis.LIST_PRICE else 'net'}"


# --- rounding and splitting ----------------------------------------------------------------------


def round_carry(
    exact: Iterable[Decimal], currency: str, *, residue: Decimal = ZERO
) -> tuple[list[Decimal], Decimal]:
    """Round each amount once, carrying the residue; returns (rounded, residue left)."""
    rounded: list[Decimal] = []
    running = residue
    previous = round_money(running, currency)
    carried_in = previous  # a residue large enough to round is paid on the first line
    for value in exact:
        running += value
        current = round_money(running, currency)
        rounded.append(current - previous)
        previous = current
    if rounded and carried_in:
        rounded[0] += carried_in
    total_exact = running
    return rounded, total_exact - sum(rounded, ZERO)


def split_largest_remainder(
    amount: Decimal, weights: Sequence[Decimal], currency: str
) -> list[Decimal]:
    """Split a rounded ``amount`` by ``weights``; the parts sum to it exactly.

    Each part is first rounded toward zero to the minor unit; the minor
    units left over go one each to the parts with the largest remainders
    (ties: the earlier part).
    """
    if not weights:
        return []
    total_weight = sum(weights, ZERO)
    if total_weight == 0:
        weights, total_weight = [Decimal(1)] * len(weights), Decimal(len(weights))
    q = quantum(currency)
    sign = -1 if amount < 0 else 1
    magnitude = abs(amount)
    units = int(magnitude / q)
    exact = [Decimal(units) * w / total_weight for w in weights]
    floors = [int(e) for e in exact]
    left = units - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [sign * Decimal(f) * q for f in floors]


# --- advances, reserves, guarantees --------------------------------------------------------------


def recoupment(*, available: Decimal, unrecouped: Decimal) -> Decimal:
    """How much of this period's positive earnings the unrecouped advance absorbs."""
    if available <= 0 or unrecouped <= 0:
        return ZERO
    return min(available, unrecouped)


def minimum_guarantee_topup(
    *, guarantee: Decimal, advance: Decimal, lifetime_earnings: Decimal
) -> Decimal:
    """At the end of the term the licensor has received at least the guarantee.

    The licensor has been paid ``max(advance, lifetime earnings)`` over the
    term (earnings below the advance are covered by it), so the top-up is
    what is missing from that to the guarantee.
    """
    received = max(advance, lifetime_earnings)
    return max(ZERO, guarantee - received)
