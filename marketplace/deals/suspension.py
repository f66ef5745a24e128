"""Open offers stop while a court order freezes their work, and come back when it stops.

Subscribed in ``DealsConfig.ready`` to ``catalog.events.WorkFrozen`` / ``WorkUnfrozen``
*in transaction*: the offers move in the commit that records or lifts the order, never
in a later one. An offer is touched when the order's scope (its right types; empty:
every right) meets the rights the offer would grant. Both parties hear of each move.

Resuming restores the status the order took away — open — unless the offer's validity
ran out meanwhile (then it expires), or another order still in force freezes it.
"""

from __future__ import annotations

from django.utils import timezone

from catalog.events import WorkFrozen, WorkUnfrozen
from catalog.kernel.workflow import SYSTEM
from finance.pledges.effects import covers
from finance.pledges.selectors import active_seizures_for_work
from marketplace.deals.models import Offer, OfferStatus, Thread
from marketplace.deals.notify import notify_parties
from marketplace.deals.workflow import WORKFLOW


def _rights(offer: Offer) -> set[str]:
    return {right.right_type for right in offer.get_terms().rights}


def _locked_offers(work_id: int, status: str) -> list[Offer]:
    # Threads locked in id order, as every deal service locks them, so no deadlock.
    with_status = Offer.objects.filter(thread__work_id=work_id, status=status)
    threads = {
        t.pk: t
        for t in Thread.objects.select_for_update(of=("self",))
        .filter(pk__in=with_status.values("thread_id"))
        .select_related("work")
        .order_by("pk")
    }
    offers = list(Offer.objects.filter(thread_id__in=threads, status=status).order_by("pk"))
    for offer in offers:
        offer.thread = threads[offer.thread_id]
    return offers


def _notify(offer: Offer, kind: str, court: str) -> None:
    thread = offer.thread
    notify_parties(
        thread=thread,
        kind=kind,
        party_ids=[thread.buyer_id, thread.seller_id],
        actor_party_name=court,
        version=offer.version,
    )


def offers_suspend(*, event: WorkFrozen) -> int:
    """Suspend the open offers the order freezes; returns how many."""
    suspended = 0
    for offer in _locked_offers(event.work_id, OfferStatus.OPEN):
        if not covers(event.right_types, _rights(offer)):
            continue
        WORKFLOW.apply(offer, "suspend", user=SYSTEM, note=event.order)
        _notify(offer, "deal_suspended", event.court)
        suspended += 1
    return suspended


def offers_resume(*, event: WorkUnfrozen) -> int:
    """Resume (or expire) the suspended offers no order in force freezes any more."""
    today = event.on or timezone.localdate()
    moved = 0
    offers = _locked_offers(event.work_id, OfferStatus.SUSPENDED)
    if not offers:
        return 0
    still = list(active_seizures_for_work(offers[0].thread.work))
    for offer in offers:
        rights = _rights(offer)
        if any(covers(seizure.right_types, rights) for seizure in still):
            continue
        if offer.valid_until < today:
            offer.closed_at = timezone.now()
            WORKFLOW.apply(
                offer, "expire", user=SYSTEM, note=event.order, update_fields=["closed_at"]
            )
            _notify(offer, "deal_expired", event.court)
        else:
            WORKFLOW.apply(offer, "resume", user=SYSTEM, note=event.order)
            _notify(offer, "deal_resumed", event.court)
        moved += 1
    return moved


def on_work_frozen(event: WorkFrozen) -> None:
    offers_suspend(event=event)


def on_work_unfrozen(event: WorkUnfrozen) -> None:
    offers_resume(event=event)
