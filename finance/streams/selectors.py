"""Reads of royalty-stream sales: who sees which offer and which bid amounts, and the
listing's history chart and valuation band.

Sealed bids stay sealed: until the offer closes, a bidder sees only its own bid and nobody
else — the holder and staff included — sees any amount or count per bidder; after the
close, the holder and staff see every bid and a bidder its own and whether it won.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404

from catalog.kernel.money import round_money
from catalog.kernel.permissions import acting_party_ids, is_staff
from catalog.models import OwnershipShare
from finance.streams.models import StreamBid, StreamHolding, StreamOffer, StreamStatus
from finance.valuation.charts import history_vs_projection
from finance.valuation.model import Assumptions
from finance.valuation.montecarlo import ValuationResult
from finance.valuation.services import valuation_compute
from licensing.royalties.selectors import earnings_history, work_statement_periods

PUBLIC = (StreamStatus.OPEN, StreamStatus.CLOSED, StreamStatus.SETTLED)
BAND_SCENARIOS = 1000  # a listing page's band; the figures are seeded, so stable per history


def offers_listed() -> QuerySet[StreamOffer]:
    return (
        StreamOffer.objects.filter(status=StreamStatus.OPEN)
        .select_related("holder")
        .prefetch_related("works")
        .order_by("closes_at", "-opened_at", "pk")
    )


def offers_of(user: object) -> QuerySet[StreamOffer]:
    """Offers the user's parties made or bid on or bought (their own page)."""
    parties = acting_party_ids(user)
    return (
        StreamOffer.objects.filter(
            Q(holder_id__in=parties) | Q(bids__bidder_id__in=parties) | Q(buyer_id__in=parties)
        )
        .select_related("holder", "buyer")
        .distinct()
        .order_by("-created_at", "-pk")
    )


def offer_for(user: object, pk: int) -> StreamOffer:
    """An offer the user may read: open, closed and settled ones are public listings; a draft
    or cancelled one only its holder's members, staff and pledgees asked to consent."""
    offer = StreamOffer.objects.select_related("holder", "buyer", "invoice").filter(pk=pk).first()
    if offer is None:
        raise Http404
    if offer.status in PUBLIC or is_staff(user):
        return offer
    parties = acting_party_ids(user)
    if offer.holder_id in parties:
        return offer
    pledgees = {
        p.pledgee_id for w in offer.works.all() for p in w.pledges.filter(status="registered")
    }
    if pledgees & parties:
        return offer
    raise Http404


def bids_visible(offer: StreamOffer, user: object) -> list[StreamBid]:
    bids = offer.bids.select_related("bidder").order_by("-amount", "placed_at", "pk")
    revealed = offer.status in (StreamStatus.CLOSED, StreamStatus.SETTLED)
    if revealed and (is_staff(user) or offer.holder_id in acting_party_ids(user)):
        return list(bids)
    return list(bids.filter(bidder_id__in=acting_party_ids(user)))


def bid_count(offer: StreamOffer) -> int:
    """How many bidders (no amounts): shown to everyone, as auction houses do."""
    return offer.bids.count()


def holder_fraction(offer: StreamOffer, work_id: int) -> Decimal:
    """The holder's share of a work's royalties as a fraction (its all-rights share, else its
    largest; the work's holder without recorded shares: all)."""
    shares = list(
        OwnershipShare.objects.filter(work_id=work_id).values_list("party_id", "right", "percent")
    )
    if not shares:
        return Decimal(1)
    own = [(right, pct) for party, right, pct in shares if party == offer.holder_id]
    every = [pct for right, pct in own if right == "*"]
    return (every[0] if every else max((pct for _r, pct in own), default=Decimal(0))) / 100


@dataclass(frozen=True)
class Band:
    p10: Decimal
    p50: Decimal
    p90: Decimal
    chart: str  # inline SVG: the offered share's history and projection
    years: int  # the horizon valued (the term, or the model's horizon for life)


def offer_band(offer: StreamOffer) -> Band | None:
    """The offered share's value range (P10–P90, finance.valuation's Monte Carlo) over the
    works' statement history on the platform, scaled to the share sold; None without
    history (an offer eligible on external statements only)."""
    works = list(offer.works.order_by("pk"))
    history = earnings_history(work_ids=[w.pk for w in works], currency=offer.currency)
    if not history:
        return None
    part = offer.share_percent / 100
    scaled = {
        work_id: [(start, value * part * holder_fraction(offer, work_id)) for start, value in rows]
        for work_id, rows in history.items()
    }
    ppy = periods_per_year(offer)
    years = math.ceil(offer.term_periods / ppy) if offer.term_periods else Assumptions.horizon_years
    assumptions = Assumptions(
        periods_per_year=ppy, horizon_years=min(max(years, 1), 50), scenarios=BAND_SCENARIOS
    )
    result, _inputs = valuation_compute(
        works=works, currency=offer.currency, assumptions=assumptions, history=scaled
    )
    return Band(
        p10=_money(result.p10, offer.currency),
        p50=_money(result.p50, offer.currency),
        p90=_money(result.p90, offer.currency),
        chart=_chart(result, offer.currency),
        years=assumptions.horizon_years,
    )


def _money(value: float, currency: str) -> Decimal:
    return round_money(Decimal(str(value)), currency)


def _chart(result: ValuationResult, currency: str) -> str:
    return history_vs_projection(result, currency)


def periods_per_year(offer: StreamOffer) -> int:
    """The works' statement cadence (monthly 12, quarterly 4, half-yearly 2, yearly 1)."""
    periods = work_statement_periods(work_ids=list(offer.works.values_list("pk", flat=True)))
    if not periods:
        return 4
    last = periods[-1][0]
    if "-Q" in last:
        return 4
    if "-H" in last:
        return 2
    return 12 if "-" in last else 1


def holdings_of(user: object) -> QuerySet[StreamHolding]:
    return (
        StreamHolding.objects.filter(buyer_id__in=acting_party_ids(user))
        .select_related("offer", "holder")
        .order_by("-created_at")
    )
