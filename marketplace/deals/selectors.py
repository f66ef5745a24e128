"""Reads for negotiation pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from catalog.kernel.encumbrances import CODES as ENCUMBRANCE_CODES
from catalog.kernel.permissions import acting_party_ids, is_staff
from catalog.territories import country_name
from licensing.availability import check_availability
from licensing.encumbrances import refusing
from licensing.terms import Terms
from marketplace.deals.models import Message, MessageTranslation, Offer, OfferStatus, Thread
from marketplace.deals.presentation import diff_rows, terms_rows


def availability_snapshot(*, work, terms: Terms) -> list[dict]:
    return [
        {
            "right": i,
            **check_availability(
                work=work,
                right_type=r.right_type,
                territories=r.territories,
                languages=r.languages,
                start=r.start,
                end=r.end,
                exclusive=r.exclusive,
                excluded_territories=r.excluded_territories,
            ).as_dict(),
        }
        for i, r in enumerate(terms.rights)
    ]


def threads_for(user) -> QuerySet[Thread]:
    ids = acting_party_ids(user)
    return (
        Thread.objects.filter(Q(buyer_id__in=ids) | Q(seller_id__in=ids))
        .select_related("work", "listing", "buyer", "seller", "contract")
        .prefetch_related(Prefetch("offers", queryset=Offer.objects.order_by("-version")))
        .order_by("-updated_at")
    )


def thread_for_user(pk: int, user) -> Thread | None:
    """The thread if ``user`` may see it (a member of either party, or staff), else None."""
    thread = (
        Thread.objects.select_related("work", "listing", "buyer", "seller", "contract", "inquiry")
        .filter(pk=pk)
        .first()
    )
    if thread is None:
        return None
    if is_staff(user) or acting_party_ids(user) & {thread.buyer_id, thread.seller_id}:
        return thread
    return None


@dataclass
class OfferView:
    offer: Offer
    rows: list[dict]
    changes: list[dict] = field(default_factory=list)  # against the previous version
    live: list[dict] | None = None  # availability checked now (open offers only)

    @property
    def _checks(self) -> list[dict]:
        return self.live if self.live is not None else self.offer.availability

    @property
    def reasons(self) -> list[dict]:
        """Each seizure, pledge or dispute holding the rights back, once: its code, its
        reason and whether it refuses acceptance (a pledge needs consent only later)."""
        found: dict[str, dict] = {}
        for check in self._checks:
            for c in check["conflicts"]:
                if c["conflict"] in ENCUMBRANCE_CODES:
                    refuses = bool(refusing([c]))
                    found.setdefault(c["reason"], {**c, "refuses": refuses})
        return list(found.values())

    @property
    def refused(self) -> bool:
        """Acceptance would be refused (``offer_accept`` asks the same ``refusing``)."""
        return any(refusing(check["conflicts"]) for check in self._checks)

    @property
    def conflicts(self) -> list[dict]:
        """Conflicting cells not held or granted, with dates and country names for the page."""
        checks = self._checks
        return [
            {
                **c,
                "country": country_name(c["territory"]),
                "from": dt.date.fromisoformat(c["from"]),
                "to": dt.date.fromisoformat(c["to"]),
            }
            for check in checks
            for c in check["conflicts"]
            if c["conflict"] not in ENCUMBRANCE_CODES
        ]

    @property
    def expired_now(self) -> bool:
        return (
            self.offer.status == OfferStatus.OPEN and self.offer.valid_until < timezone.localdate()
        )


def offer_views(thread: Thread) -> list[OfferView]:
    """Every version, newest first, with its diff and (if open) a fresh availability check."""
    offers = list(thread.offers.select_related("offered_by", "created_by").order_by("version"))
    views: list[OfferView] = []
    previous: Offer | None = None
    for offer in offers:
        view = OfferView(offer=offer, rows=terms_rows(offer.terms))
        if previous is not None:
            changes = Terms.from_dict(offer.terms).diff(Terms.from_dict(previous.terms))
            view.changes = diff_rows(previous.terms, offer.terms, changes)
        if offer.status == OfferStatus.OPEN:
            view.live = availability_snapshot(work=thread.work, terms=offer.get_terms())
        views.append(view)
        previous = offer
    return list(reversed(views))


@dataclass
class MessageView:
    message: Message
    translation: MessageTranslation | None  # into the reader's language, when there is one


def messages_for_reader(thread: Thread, language: str) -> list[MessageView]:
    messages = thread.messages.select_related("author", "party").prefetch_related(
        "attachments", "translations"
    )
    result = []
    for message in messages:
        translation = None
        if message.language != language:
            translation = next(
                (t for t in message.translations.all() if t.language == language), None
            )
        result.append(MessageView(message, translation))
    return result
