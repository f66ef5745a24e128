"""Royalty-stream sales: offer, open, consent, bid or buy, close, invoice, settle.

Every status change is one workflow action (``workflow.py``) on a locked offer row. Sealed
bids are read back only through ``selectors.bids_visible`` (amounts hidden until the
close). The winner is invoiced through ``finance.invoices``; the invoice's payment (the
Stripe webhook) publishes ``InvoicePaid``, which settles the offer into a holding that
starts with the period after the last one closed for the works.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from catalog.kernel.guards import refusals
from catalog.kernel.money import Money, round_money, validate_currency
from catalog.kernel.notifications import notify
from catalog.kernel.permissions import (
    AnyUser,
    acting_members,
    acts_for,
    is_staff,
    require_acts_for,
)
from catalog.kernel.workflow import SYSTEM
from catalog.models import Party, Work
from finance.events import InvoiceSettlementChanged
from finance.invoices.services import InvoiceLineInput, invoice_create
from finance.models import InvoiceStatus, LineKind
from finance.pledges.models import Pledge
from finance.streams.eligibility import offer_eligibility
from finance.streams.models import (
    StreamBid,
    StreamConsent,
    StreamHolding,
    StreamMode,
    StreamOffer,
    StreamStatus,
)
from finance.streams.workflow import WORKFLOW
from licensing.royalties.selectors import period_bounds, shift_period, work_statement_periods

PAYMENT_DAYS = 14  # the winner's invoice is due this many days after the close
SUBJECT = "stream:"


def _subject(offer: StreamOffer) -> str:
    return f"{SUBJECT}{offer.pk}"


def _amount(value: object, currency: str, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter an amount.")}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({field: _("The amount must be more than zero.")})
    if round_money(amount, currency) != amount:
        raise ValidationError(
            {field: _("%(currency)s has no smaller unit than that.") % {"currency": currency}}
        )
    return amount


def stream_offer_create(
    *,
    user: AnyUser,
    holder: Party,
    works: list[Work],
    title: str,
    share_percent: Decimal,
    term_periods: int | None,
    mode: str,
    currency: str,
    price: Decimal | None = None,
    reserve: Decimal | None = None,
    closes_at: dt.datetime | None = None,
) -> StreamOffer:
    """A draft offer of ``share_percent`` of the holder's royalties from ``works``."""
    require_acts_for(user, holder)
    currency = validate_currency(currency)
    errors: dict[str, str] = {}
    if not works:
        errors["works"] = _("Choose at least one work.")
    if not (title or "").strip():
        errors["title"] = _("Give the offer a title.")
    if share_percent is None or not Decimal(0) < share_percent <= Decimal(100):
        errors["share_percent"] = _("The share must be more than 0 % and at most 100 %.")
    elif share_percent != share_percent.quantize(Decimal("0.01")):
        errors["share_percent"] = _("Give the share to at most two decimal places.")
    if term_periods is not None and term_periods < 1:
        errors["term_periods"] = _("The term is at least one period (leave it empty for life).")
    if mode not in StreamMode.values:
        errors["mode"] = _("Choose fixed price or sealed-bid auction.")
    if errors:
        raise ValidationError(errors)
    if mode == StreamMode.FIXED:
        price = _amount(price, currency, "price")
        reserve, closes_at = None, None
    else:
        price = None
        reserve = _amount(reserve, currency, "reserve") if reserve not in (None, "") else None
        if closes_at is None or closes_at <= timezone.now():
            raise ValidationError({"closes_at": _("Bidding must close in the future.")})
    with transaction.atomic():
        offer = StreamOffer.objects.create(
            holder=holder,
            title=title.strip()[:200],
            share_percent=share_percent,
            term_periods=term_periods,
            mode=mode,
            currency=currency,
            price=price,
            reserve=reserve,
            closes_at=closes_at,
            created_by=user,
        )
        offer.works.set(works)
    return offer


def _locked(offer: StreamOffer) -> StreamOffer:
    return StreamOffer.objects.select_for_update().select_related("holder").get(pk=offer.pk)


@transaction.atomic
def stream_offer_open(*, offer: StreamOffer, user: AnyUser) -> StreamOffer:
    """Publish the offer: refused with every reason the works are not eligible."""
    offer = _locked(offer)
    WORKFLOW.require(offer, "open", user=user)
    if offer.mode == StreamMode.SEALED and offer.closes_at <= timezone.now():
        raise ValidationError({"closes_at": _("Bidding must close in the future.")})
    eligibility = offer_eligibility(offer)
    if not eligibility.ok:
        raise ValidationError({"works": eligibility.reasons})
    offer.opened_at = timezone.now()
    WORKFLOW.apply(offer, "open", user=user, update_fields=["opened_at"])
    return offer


@transaction.atomic
def stream_offer_cancel(*, offer: StreamOffer, user: AnyUser, note: str = "") -> StreamOffer:
    """Withdraw a draft, or an open offer nobody has bid on yet."""
    offer = _locked(offer)
    WORKFLOW.require(offer, "cancel", user=user)
    if offer.bids.exists():
        raise ValidationError({"status": _("Bids were placed: the auction runs to its close.")})
    WORKFLOW.apply(offer, "cancel", user=user, note=note[:300])
    return offer


@transaction.atomic
def stream_external_verify(*, offer: StreamOffer, user: AnyUser, note: str) -> StreamOffer:
    """Staff record that they checked the holder's statements from outside the platform."""
    if not is_staff(user):
        raise PermissionDenied(_("Only staff verify external statements."))
    offer = _locked(offer)
    if offer.status != StreamStatus.DRAFT:
        raise ValidationError({"status": _("Only a draft offer's history can be verified.")})
    if not (note or "").strip():
        raise ValidationError({"external_note": _("Say which statements were checked.")})
    offer.external_note = note.strip()
    offer.external_verified_by = user
    offer.external_verified_at = timezone.now()
    offer.save(update_fields=["external_note", "external_verified_by", "external_verified_at"])
    return offer


@transaction.atomic
def stream_consent_give(*, offer: StreamOffer, pledge: Pledge, user: AnyUser) -> StreamConsent:
    """The pledgee's yes to this offer over works its registered pledge covers."""
    offer = _locked(offer)
    if not acts_for(user, pledge.pledgee_id):
        raise PermissionDenied(_("Only the pledgee consents."))
    if pledge not in offer_eligibility(offer).pledges:
        raise ValidationError({"pledge": _("This pledge does not need consent to this offer.")})
    consent, _created = StreamConsent.objects.get_or_create(
        offer=offer, pledge=pledge, defaults={"given_by": user}
    )
    return consent


def _still_saleable(offer: StreamOffer) -> list[str]:
    """What the guards refuse now (a seizure recorded after the offer opened)."""
    return [reason for work in offer.works.all() for reason in refusals(work, "stream_sale")]


@transaction.atomic
def stream_bid_place(
    *, offer: StreamOffer, bidder: Party, amount: object, user: AnyUser
) -> StreamBid:
    """Place the bidder's sealed bid, or raise it (never lower) before the close."""
    require_acts_for(user, bidder)
    offer = _locked(offer)
    if offer.mode != StreamMode.SEALED:
        raise ValidationError({"amount": _("This offer is sold at a fixed price.")})
    if offer.status != StreamStatus.OPEN or offer.closes_at <= timezone.now():
        raise ValidationError({"amount": _("Bidding on this offer has closed.")})
    if bidder.pk == offer.holder_id:
        raise ValidationError({"bidder": _("A holder cannot bid on its own stream.")})
    value = _amount(amount, offer.currency, "amount")
    bid = StreamBid.objects.select_for_update().filter(offer=offer, bidder=bidder).first()
    now = timezone.now()
    if bid is None:
        return StreamBid.objects.create(
            offer=offer, bidder=bidder, amount=value, placed_at=now, placed_by=user
        )
    if value <= bid.amount:
        raise ValidationError({"amount": _("A bid can only be raised.")})
    bid.amount, bid.placed_at, bid.placed_by = value, now, user
    bid.save(update_fields=["amount", "placed_at", "placed_by"])
    return bid


def _invoice_language() -> str:
    language = translation.get_language() or ""
    return language if language in settings.LANGUAGE_CODES else settings.LANGUAGE_CODE


def _notify(party_ids: list[int], url: str, message: str, **values: object) -> None:
    """An in-app notice to every member of the parties, each in their own language."""
    for membership in acting_members(party_ids).select_related("user"):
        with translation.override(membership.user.preferred_language):
            text = _(message) % values
        notify(user=membership.user, kind="stream", text=text, url=url)


def _announce(offer: StreamOffer) -> None:
    """After the close: the winner is asked to pay, the holder told the outcome, the other
    bidders that they did not win (amounts stay with their owners)."""
    url = reverse("streams:detail", kwargs={"pk": offer.pk})
    losers = list(offer.bids.exclude(bidder_id=offer.buyer_id).values_list("bidder_id", flat=True))
    if offer.buyer_id is None:
        _notify(
            [offer.holder_id], url, gettext_noop("“%(title)s” closed unsold."), title=offer.title
        )
    else:
        _notify(
            [offer.buyer_id],
            url,
            gettext_noop(
                "You bought the royalty stream “%(title)s”: pay invoice %(invoice)s to receive it."
            ),
            title=offer.title,
            invoice=offer.invoice.number,
        )
        _notify([offer.holder_id], url, gettext_noop("“%(title)s” is sold."), title=offer.title)
    _notify(losers, url, gettext_noop("Your bid on “%(title)s” did not win."), title=offer.title)


def _award(offer: StreamOffer, buyer: Party, amount: Decimal, user: object, note: str) -> None:
    offer.buyer, offer.amount, offer.closed_at = buyer, amount, timezone.now()
    offer.invoice = invoice_create(
        payer=buyer,
        payee=offer.holder,
        lines=[
            InvoiceLineInput(
                kind=LineKind.OTHER,
                description=_("Royalty stream: %(title)s") % {"title": offer.title},
                amount=Money(amount, offer.currency),
            )
        ],
        subject=_subject(offer),
        idempotency_key=f"{_subject(offer)}:award",
        due_on=timezone.localdate() + dt.timedelta(days=PAYMENT_DAYS),
        language=_invoice_language(),
    )
    # The close is the platform's move (SYSTEM in the audit row); who set it off is noted.
    asked = "" if user is SYSTEM else f" (user {user.pk})"
    WORKFLOW.apply(
        offer,
        "close",
        user=SYSTEM,
        note=f"{note}{asked}"[:300],
        update_fields=["buyer", "amount", "closed_at", "invoice"],
    )
    _announce(offer)


@transaction.atomic
def stream_buy(*, offer: StreamOffer, buyer: Party, user: AnyUser) -> StreamOffer:
    """Buy a fixed-price offer: it closes for this buyer and the buyer is invoiced."""
    require_acts_for(user, buyer)
    offer = _locked(offer)
    if offer.mode != StreamMode.FIXED:
        raise ValidationError({"buyer": _("This stream is sold by sealed bids.")})
    if offer.status != StreamStatus.OPEN:
        raise ValidationError({"status": _("This offer is no longer open.")})
    if buyer.pk == offer.holder_id:
        raise ValidationError({"buyer": _("A holder cannot buy its own stream.")})
    blocked = _still_saleable(offer)
    if blocked:
        raise ValidationError({"works": blocked})
    _award(offer, buyer, offer.price, user, note="bought at the fixed price")
    return offer


def _winning_bid(offer: StreamOffer) -> StreamBid | None:
    """The highest bid at or above the reserve; a tie goes to the earliest placed."""
    bids = offer.bids.order_by("-amount", "placed_at", "pk")
    if offer.reserve is not None:
        bids = bids.filter(amount__gte=offer.reserve)
    return bids.select_related("bidder").first()


@transaction.atomic
def stream_offer_close(*, offer: StreamOffer, user: AnyUser) -> StreamOffer:
    """Close a sealed auction once its time has come (the beat task, or the holder or staff
    with "close now"): the winner is invoiced; no bid at the reserve closes it unsold."""
    offer = _locked(offer)
    if user is not SYSTEM and not (is_staff(user) or acts_for(user, offer.holder_id)):
        raise PermissionDenied(_("Only the holder or staff close an auction."))
    if offer.mode != StreamMode.SEALED:
        raise ValidationError({"status": _("A fixed-price offer closes when it is bought.")})
    WORKFLOW.require(offer, "close", user=SYSTEM)
    if offer.closes_at > timezone.now():
        raise ValidationError({"closes_at": _("Bidding is still open.")})
    blocked = _still_saleable(offer)
    winner = None if blocked else _winning_bid(offer)
    if winner is None:
        offer.closed_at = timezone.now()
        note = "; ".join(blocked)[:300] if blocked else "no bid at the reserve"
        WORKFLOW.apply(offer, "close", user=SYSTEM, note=note, update_fields=["closed_at"])
        _announce(offer)
        return offer
    _award(offer, winner.bidder, winner.amount, user, note=f"bid {winner.pk}")
    return offer


def streams_close_due() -> int:
    """Close every sealed auction whose time has passed (the beat task); one transaction each."""
    due = StreamOffer.objects.filter(
        status=StreamStatus.OPEN, mode=StreamMode.SEALED, closes_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    closed = 0
    for pk in list(due):
        try:
            stream_offer_close(offer=StreamOffer(pk=pk), user=SYSTEM)
        except ValidationError:
            continue  # closed meanwhile ("close now"); the next run would see it anyway
        closed += 1
    return closed


def _next_unclosed_period(offer: StreamOffer) -> str:
    """The period after the last one closed for the works; with no platform history (external
    statements only), the quarter after today's."""
    periods = work_statement_periods(work_ids=list(offer.works.values_list("pk", flat=True)))
    if periods:
        return shift_period(max(periods, key=lambda p: p[2])[0], 1)
    today = timezone.localdate()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


@transaction.atomic
def stream_offer_settle(*, offer: StreamOffer) -> StreamHolding:
    """The winner paid: the offer becomes a holding from the next unclosed period."""
    offer = _locked(offer)
    existing = StreamHolding.objects.filter(offer=offer).first()
    if existing is not None:
        return existing
    if offer.invoice is None or offer.invoice.status != InvoiceStatus.PAID:
        raise ValidationError({"invoice": _("The winner's invoice is not paid.")})
    start = _next_unclosed_period(offer)
    end = shift_period(start, offer.term_periods - 1) if offer.term_periods else ""
    holding = StreamHolding.objects.create(
        offer=offer,
        holder_id=offer.holder_id,
        buyer_id=offer.buyer_id,
        share_percent=offer.share_percent,
        start_period=start,
        end_period=end,
        starts_on=period_bounds(start)[0],
        ends_on=period_bounds(end)[1] if end else None,
    )
    WORKFLOW.apply(offer, "settle", user=SYSTEM, note=offer.invoice.number)
    return holding


def on_invoice_paid(event: InvoiceSettlementChanged) -> None:
    """Subscriber of ``InvoicePaid`` (after finance's commit): a stream's invoice settles it."""
    if not (event.subject or "").startswith(SUBJECT):
        return
    offer = StreamOffer.objects.filter(pk=int(event.subject[len(SUBJECT) :])).first()
    if offer is not None and offer.status == StreamStatus.CLOSED:
        stream_offer_settle(offer=offer)
