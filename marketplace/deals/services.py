"""Writes of negotiations: open a thread, make, counter, accept, decline, withdraw, expire.

One function per transition. Each locks the thread row (``select_for_update``)
before reading the offer's status, so two people answering the same offer
cannot both succeed; the partial UNIQUE index on open offers is the last word.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.encumbrances import CODES as ENCUMBRANCE_CODES
from catalog.kernel.permissions import AnyUser, require_acts_for
from catalog.kernel.workflow import SYSTEM
from catalog.models import Party
from catalog.territories import country_name
from catalog.vocabulary import RightType
from i18n.formatting import format_date
from licensing.contracts.services import contract_create_draft
from licensing.encumbrances import refusing
from licensing.terms import Terms
from marketplace.deals.models import Offer, OfferStatus, OfferTransition, Thread
from marketplace.deals.notify import notify_parties
from marketplace.deals.permissions import require_member
from marketplace.deals.selectors import availability_snapshot
from marketplace.deals.workflow import WORKFLOW
from marketplace.listings.models import Inquiry, Listing, ListingStatus


class OfferConflict(ValidationError):
    """Accepting was refused: the rights are no longer (or not) available."""


def _lock(thread_id: int) -> Thread:
    return Thread.objects.select_for_update().select_related("work").get(pk=thread_id)


def _close(
    offer: Offer, action: str, *, user: AnyUser, party: Party | None = None, note: str = ""
) -> None:
    """Every move of an offer closes it; the audit row names the party the user acted for."""
    offer.closed_at = timezone.now()  # saved only if the move is allowed
    WORKFLOW.apply(offer, action, user=user, note=note, party=party, update_fields=["closed_at"])


def _validate_valid_until(valid_until: dt.date) -> None:
    if valid_until < timezone.localdate():
        raise ValidationError(
            {"valid_until": _("The offer must be valid until today or a later day.")}
        )


@transaction.atomic
def thread_open(
    *,
    user: AnyUser,
    party: Party,
    listing: Listing | None = None,
    inquiry: Inquiry | None = None,
    source_ref: str | None = None,
) -> Thread:
    """The thread for an inquiry (or a buyer and a listing); created on first use."""
    if inquiry is not None:
        listing, buyer = inquiry.listing, inquiry.buyer
        existing = Thread.objects.filter(inquiry=inquiry).first()
    elif listing is not None:
        buyer = party
        existing = (
            Thread.objects.filter(listing=listing, buyer=buyer, contract__isnull=True)
            .order_by("-pk")
            .first()
        )
    else:
        raise ValidationError({"listing": _("Name a listing or an inquiry.")})
    if party.pk not in (buyer.pk, listing.seller_id):
        raise PermissionDenied(_("Only the buyer and the rights holder can negotiate."))
    require_acts_for(user, party)
    if existing is not None:
        return existing
    if buyer.pk == listing.seller_id:
        raise ValidationError({"buyer": _("A rights holder cannot negotiate with itself.")})
    if listing.status != ListingStatus.PUBLISHED:
        raise ValidationError({"listing": _("This listing is not open for negotiation.")})
    if inquiry is None:
        inquiry = (
            Inquiry.objects.filter(listing=listing, buyer=buyer, deal_threads__isnull=True)
            .order_by("-created_at")
            .first()
        )
    buyer_language = (
        inquiry.message_language
        if inquiry is not None
        else (user.preferred_language if party.pk == buyer.pk else "en")
    )
    return Thread.objects.create(
        work=listing.work,
        listing=listing,
        inquiry=inquiry,
        buyer=buyer,
        seller=listing.seller,
        buyer_language=buyer_language,
        created_by=user,
        source_ref=source_ref,
    )


def _new_offer(
    *, thread: Thread, user, party: Party, terms: Terms, valid_until: dt.date, kind: str
) -> Offer:
    _validate_valid_until(valid_until)
    last = thread.offers.order_by("-version").values_list("version", flat=True).first() or 0
    offer = Offer(
        thread=thread,
        version=last + 1,
        terms=terms.to_dict(),
        currency=terms.currency,
        offered_by=party,
        created_by=user,
        valid_until=valid_until,
        availability=availability_snapshot(work=thread.work, terms=terms),
        status=OfferStatus.OPEN,
    )
    offer.save()
    OfferTransition.objects.create(
        offer=offer, from_status="", to_status=OfferStatus.OPEN, actor=user, party=party
    )
    Thread.objects.filter(pk=thread.pk).update(updated_at=timezone.now())
    notify_parties(
        thread=thread,
        kind=kind,
        party_ids=[thread.other_party_id(party.pk)],
        actor_party_name=party.name,
        version=offer.version,
    )
    return offer


@transaction.atomic
def offer_make(
    *, thread: Thread, user: AnyUser, party: Party, terms: Terms, valid_until: dt.date
) -> Offer:
    """A first offer, or a fresh one after the last was declined, withdrawn or expired."""
    thread = _lock(thread.pk)
    require_member(thread, user, party)
    if thread.contract_id or thread.offers.filter(status=OfferStatus.ACCEPTED).exists():
        raise ValidationError({"thread": _("An offer in this negotiation was already accepted.")})
    _expire_due_in_thread(thread)
    if thread.offers.filter(status=OfferStatus.SUSPENDED).exists():
        raise ValidationError(
            {
                "thread": _(
                    "An offer here is suspended by a court order over the work; "
                    "negotiation resumes when the order ends."
                )
            }
        )
    if thread.offers.filter(status=OfferStatus.OPEN).exists():
        raise ValidationError(
            {
                "thread": _(
                    "An offer is still open: counter it, or withdraw your own, "
                    "before making a new one."
                )
            }
        )
    return _new_offer(
        thread=thread,
        user=user,
        party=party,
        terms=terms,
        valid_until=valid_until,
        kind="deal_offer",
    )


def _locked_offer(offer: Offer, user, party: Party) -> tuple[Thread, Offer]:
    """Lock the thread, re-read the offer and check that ``user`` acts for ``party`` in it."""
    thread = _lock(offer.thread_id)
    offer = Offer.objects.get(pk=offer.pk)
    offer.thread = thread
    require_member(thread, user, party)
    return thread, offer


def _open_offer_for_answer(offer: Offer, user, party: Party, action: str) -> tuple[Thread, Offer]:
    """Lock, re-read and check that ``party`` (the other side) may answer ``offer``."""
    thread, offer = _locked_offer(offer, user, party)
    if party.pk == offer.offered_by_id:
        raise PermissionDenied(_("Only the other party can answer this offer."))
    WORKFLOW.require(offer, action, user=user)
    return thread, offer


def offer_expire_if_due(*, offer: Offer, today: dt.date | None = None) -> bool:
    """Expire the offer when its validity has passed; True when it is (now) expired.

    Runs in its own transaction so the expiry stays recorded even when the caller's
    action is then refused.
    """
    today = today or timezone.localdate()
    if WORKFLOW.state_reasons(offer, "expire") or offer.valid_until >= today:
        return offer.status == OfferStatus.EXPIRED
    with transaction.atomic():
        thread = _lock(offer.thread_id)
        fresh = Offer.objects.get(pk=offer.pk)
        if not WORKFLOW.state_reasons(fresh, "expire") and fresh.valid_until < today:
            _expire(thread, fresh)
    return True


def _expire(thread: Thread, offer: Offer) -> None:
    _close(offer, "expire", user=SYSTEM, note="valid_until passed")
    notify_parties(
        thread=thread,
        kind="deal_expired",
        party_ids=[thread.buyer_id, thread.seller_id],
        actor_party_name="",
        version=offer.version,
    )


def _expire_due_in_thread(thread: Thread) -> None:
    for offer in thread.offers.filter(
        status=OfferStatus.OPEN, valid_until__lt=timezone.localdate()
    ):
        _expire(thread, offer)


def _refuse_if_expired(offer: Offer) -> None:
    if offer_expire_if_due(offer=offer):
        raise ValidationError(
            {
                "status": _("Version %(version)s expired; it can no longer be answered.")
                % {"version": offer.version}
            }
        )


def offer_counter(
    *, offer: Offer, user: AnyUser, party: Party, terms: Terms, valid_until: dt.date
) -> Offer:
    _refuse_if_expired(offer)  # outside the atomic block below: the expiry must stay recorded
    return _counter(offer=offer, user=user, party=party, terms=terms, valid_until=valid_until)


@transaction.atomic
def _counter(*, offer: Offer, user, party: Party, terms: Terms, valid_until: dt.date) -> Offer:
    thread, offer = _open_offer_for_answer(offer, user, party, "counter")
    _close(offer, "counter", user=user, party=party)
    return _new_offer(
        thread=thread,
        user=user,
        party=party,
        terms=terms,
        valid_until=valid_until,
        kind="deal_counter",
    )


def _conflict_messages(terms: Terms, checks: list[dict]) -> list[str]:
    """A seizure's, pledge's or dispute's reason once, then each other conflicting cell."""
    reasons = [
        c["reason"]
        for check in checks
        for c in check["conflicts"]
        if c["conflict"] in ENCUMBRANCE_CODES
    ]
    cells = [
        _(
            "%(type)s: %(right)s is not available in %(territory)s / %(language)s "
            "from %(start)s to %(end)s (%(source)s)."
        )
        % {
            "type": c["type"],
            "right": RightType(terms.rights[check["right"]].right_type).label,
            "territory": country_name(c["territory"]),
            "language": c["language"],
            "start": format_date(dt.date.fromisoformat(c["from"])),
            "end": format_date(dt.date.fromisoformat(c["to"])),
            "source": c["source"] or "—",
        }
        for check in checks
        for c in check["conflicts"]
        if c["conflict"] not in ENCUMBRANCE_CODES
    ]
    return [*dict.fromkeys(reasons), *cells]


def offer_accept(*, offer: Offer, user: AnyUser, party: Party) -> Offer:
    """Accept, after a fresh availability check, and create the contract draft."""
    _refuse_if_expired(offer)
    return _accept(offer=offer, user=user, party=party)


@transaction.atomic
def _accept(*, offer: Offer, user, party: Party) -> Offer:
    thread, offer = _open_offer_for_answer(offer, user, party, "accept")
    terms = offer.get_terms()
    checks = availability_snapshot(work=thread.work, terms=terms)
    # A pledge only needs its pledgee's consent to the contract this acceptance drafts; the
    # contract's activation asks again with it. Everything else refuses here.
    refused = [{**check, "conflicts": refusing(check["conflicts"])} for check in checks]
    if any(check["conflicts"] for check in refused):
        raise OfferConflict({"availability": _conflict_messages(terms, refused)})
    _close(offer, "accept", user=user, party=party)
    contract = contract_create_draft(
        work=thread.work,
        licensor=thread.seller,
        licensee=thread.buyer,
        terms=terms,
        origin=f"offer:{offer.pk}",
        created_by=user,
        licensee_language=thread.buyer_language,
    )
    thread.contract = contract
    thread.save(update_fields=["contract", "updated_at"])
    notify_parties(
        thread=thread,
        kind="deal_accepted",
        party_ids=[offer.offered_by_id],
        actor_party_name=party.name,
        version=offer.version,
    )
    return offer


def offer_decline(*, offer: Offer, user: AnyUser, party: Party, reason: str = "") -> Offer:
    _refuse_if_expired(offer)
    return _decline(offer=offer, user=user, party=party, reason=reason)


@transaction.atomic
def _decline(*, offer: Offer, user, party: Party, reason: str) -> Offer:
    thread, offer = _open_offer_for_answer(offer, user, party, "decline")
    _close(offer, "decline", user=user, party=party, note=reason)
    notify_parties(
        thread=thread,
        kind="deal_declined",
        party_ids=[offer.offered_by_id],
        actor_party_name=party.name,
        version=offer.version,
    )
    return offer


def offer_withdraw(*, offer: Offer, user: AnyUser, party: Party) -> Offer:
    _refuse_if_expired(offer)
    return _withdraw(offer=offer, user=user, party=party)


@transaction.atomic
def _withdraw(*, offer: Offer, user, party: Party) -> Offer:
    thread, offer = _locked_offer(offer, user, party)
    if party.pk != offer.offered_by_id:
        raise PermissionDenied(_("Only the party that made an offer can withdraw it."))
    _close(offer, "withdraw", user=user, party=party)
    notify_parties(
        thread=thread,
        kind="deal_withdrawn",
        party_ids=[thread.other_party_id(party.pk)],
        actor_party_name=party.name,
        version=offer.version,
    )
    return offer


def offer_expire_due(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Expire every open offer whose validity has passed; idempotent; returns how many."""
    today = today or timezone.localdate()
    expired = 0
    while True:
        ids = list(
            Offer.objects.filter(status=OfferStatus.OPEN, valid_until__lt=today)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return expired
        for offer in Offer.objects.filter(pk__in=ids):
            offer_expire_if_due(offer=offer, today=today)
            expired += 1
