"""Demo negotiations in several states, built through the services, idempotently.

Call after works, registrations and listings are seeded:
``from marketplace.demo.deals import seed_deals; seed_deals(progress=...)``.
Each thread carries ``source_ref = "demo:deal:<n>"``; a re-run creates nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from catalog.models import Party
from catalog.territories import expand
from licensing.terms import Terms
from marketplace.deals import services
from marketplace.deals.conversation import message_post
from marketplace.deals.models import Thread
from marketplace.deals.selectors import availability_snapshot
from marketplace.listings.models import Listing, ListingStatus

# (state, buyer's opening message) — the order is the demo's stable reference.
PLAN = [
    ("open", "vi", "Chúng tôi quan tâm đến bản quyền dịch sang tiếng Việt."),
    ("countered", "th", "เราสนใจลิขสิทธิ์การแปลเป็นภาษาไทย"),
    ("accepted", "en", "We would like an exclusive licence for this territory."),
    ("declined", "id", "Kami tertarik dengan hak terjemahan bahasa Indonesia."),
    ("countered", "ms", "Kami berminat dengan hak terjemahan bahasa Melayu."),
    ("accepted", "vi", "Chúng tôi đồng ý các điều khoản chính."),
]


def _member(party: Party):
    membership = party.memberships.select_related("user").order_by("pk").first()
    return membership.user if membership else None


def _terms(listing: Listing, *, exclusive: bool, advance: str) -> Terms | None:
    countries = sorted(expand(listing.territories, listing.excluded_territories))
    if not countries or not listing.languages or listing.languages == ["zxx"]:
        return None
    return Terms.from_dict(
        {
            "rights": [
                {
                    "right_type": listing.right_types[0],
                    "territories": [countries[0]],
                    "languages": [listing.languages[0]],
                    "start": "2030-01-01",
                    "end": "2034-12-31",
                    "exclusive": exclusive,
                }
            ],
            "currency": listing.currency,
            "advance": advance,
            "royalty_rates": [{"channel": "*", "basis": "net_receipts", "rate": "8"}],
            "notes": "Demo negotiation",
        }
    )


def _seed_one(index: int, state: str, listing: Listing, buyer: Party, text: str) -> bool:
    seller_user, buyer_user = _member(listing.seller), _member(buyer)
    terms = _terms(listing, exclusive=state == "accepted", advance="3000")
    if seller_user is None or buyer_user is None or terms is None:
        return False
    if any(check["conflicts"] for check in availability_snapshot(work=listing.work, terms=terms)):
        return False
    valid_until = timezone.localdate() + dt.timedelta(days=30)
    with transaction.atomic():
        thread = services.thread_open(
            user=buyer_user, party=buyer, listing=listing, source_ref=f"demo:deal:{index}"
        )
        message_post(
            thread=thread,
            user=buyer_user,
            party=buyer,
            body=text,
            language=buyer_user.preferred_language,
        )
        offer = services.offer_make(
            thread=thread, user=buyer_user, party=buyer, terms=terms, valid_until=valid_until
        )
        if state == "countered":
            counter = _terms(listing, exclusive=False, advance="4500")
            services.offer_counter(
                offer=offer,
                user=seller_user,
                party=listing.seller,
                terms=counter,
                valid_until=valid_until,
            )
        elif state == "accepted":
            services.offer_accept(offer=offer, user=seller_user, party=listing.seller)
        elif state == "declined":
            services.offer_decline(
                offer=offer, user=seller_user, party=listing.seller, reason="Demo"
            )
    return True


def seed_deals(*, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    buyers = list(
        Party.objects.filter(
            source_ref__startswith="demo:party:", memberships__user__roles__contains=["buyer"]
        )
        .distinct()
        .order_by("pk")
    )
    listings = iter(
        Listing.objects.filter(status=ListingStatus.PUBLISHED)
        .select_related("work", "seller")
        .order_by("pk")
    )
    created = 0
    for index, (state, _language, text) in enumerate(PLAN):
        if Thread.objects.filter(source_ref=f"demo:deal:{index}").exists() or not buyers:
            continue
        buyer = buyers[index % len(buyers)]
        for listing in listings:
            if listing.seller_id == buyer.pk or listing.deal_threads.exists():
                continue
            if _seed_one(index, state, listing, buyer, text):
                created += 1
                break
        if progress:
            progress(1)
    return {"deal_threads": Thread.objects.count(), "deal_threads_created": created}
