"""Royalty-stream pages: listing, offer page (chart, band, terms, bids), holder's actions (thin)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalog.kernel.forms import add_service_errors, error_text
from catalog.kernel.permissions import acting_parties, acts_for, is_staff
from finance.pledges.models import Pledge
from finance.streams import selectors, services
from finance.streams.eligibility import offer_eligibility
from finance.streams.forms import BidForm, BuyForm, OfferForm
from finance.streams.models import StreamMode, StreamStatus
from finance.streams.workflow import WORKFLOW


def offer_list(request: HttpRequest) -> HttpResponse:
    offers = list(selectors.offers_listed())
    return render(request, "streams/list.html", {"offers": offers})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "streams/mine.html",
        {
            "offers": selectors.offers_of(request.user),
            "holdings": selectors.holdings_of(request.user),
        },
    )


@login_required
def offer_new(request: HttpRequest) -> HttpResponse:
    parties = acting_parties(request.user)
    if not parties.exists():
        raise PermissionDenied
    form = OfferForm(request.POST or None, parties=parties)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            offer = services.stream_offer_create(
                user=request.user,
                holder=d["holder"],
                works=list(d["works"]),
                title=d["title"],
                share_percent=d["share_percent"],
                term_periods=d["term_periods"],
                mode=d["mode"],
                currency=d["currency"].upper(),
                price=d["price"],
                reserve=d["reserve"],
                closes_at=d["closes_at"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            return redirect("streams:detail", pk=offer.pk)
    return render(request, "streams/offer_form.html", {"form": form})


def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    user = request.user
    holder = acts_for(user, offer.holder_id)
    parties = acting_parties(user).exclude(pk=offer.holder_id)
    live = offer.status == StreamStatus.OPEN
    context = {
        "offer": offer,
        "works": offer.works.order_by("pk"),
        "band": selectors.offer_band(offer),
        "bids": selectors.bids_visible(offer, user),
        "bid_count": selectors.bid_count(offer),
        "actions": WORKFLOW.available_action_names(offer, user),
        "holder": holder,
        "staff": is_staff(user),
        "can_close": live
        and offer.mode == StreamMode.SEALED
        and offer.closes_at <= timezone.now()
        and (holder or is_staff(user)),
        "bid_form": BidForm(parties=parties)
        if live and offer.mode == StreamMode.SEALED and parties.exists()
        else None,
        "buy_form": BuyForm(parties=parties)
        if live and offer.mode == StreamMode.FIXED and parties.exists()
        else None,
        "buyer": offer.buyer_id is not None and acts_for(user, offer.buyer_id),
    }
    if offer.status == StreamStatus.DRAFT:
        eligibility = offer_eligibility(offer)
        context["eligibility"] = eligibility
        context["consent_pledges"] = [
            p for p in eligibility.pledges if acts_for(user, p.pledgee_id)
        ]
    if offer.status == StreamStatus.SETTLED:
        context["holding"] = offer.holding
    return render(request, "streams/offer_detail.html", context)


def _done(request: HttpRequest, pk: int, exc: Exception | None, ok: str) -> HttpResponse:
    if exc is None:
        messages.success(request, ok)
    else:
        messages.error(request, error_text(exc))
    return redirect("streams:detail", pk=pk)


@login_required
@require_POST
def offer_bid(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    form = BidForm(request.POST, parties=acting_parties(request.user))
    if not form.is_valid():
        return _done(request, pk, ValidationError(_("Enter an amount.")), "")
    try:
        services.stream_bid_place(
            offer=offer,
            bidder=form.cleaned_data["bidder"],
            amount=form.cleaned_data["amount"],
            user=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        return _done(request, pk, exc, "")
    return _done(request, pk, None, _("Your sealed bid is placed."))


@login_required
@require_POST
def offer_buy(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    form = BuyForm(request.POST, parties=acting_parties(request.user))
    if not form.is_valid():
        raise PermissionDenied
    try:
        offer = services.stream_buy(
            offer=offer, buyer=form.cleaned_data["buyer"], user=request.user
        )
    except (ValidationError, PermissionDenied) as exc:
        return _done(request, pk, exc, "")
    messages.success(request, _("Bought: pay the invoice to receive the stream."))
    return redirect("finance:invoice_detail", pk=offer.invoice_id)


@login_required
@require_POST
def offer_consent(request: HttpRequest, pk: int, pledge: int) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    found = Pledge.objects.filter(pk=pledge).first()
    if found is None:
        raise Http404
    try:
        services.stream_consent_give(offer=offer, pledge=found, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        return _done(request, pk, exc, "")
    return _done(request, pk, None, _("Consent recorded."))


@login_required
@require_POST
def offer_verify(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_staff(request.user):
        raise PermissionDenied
    offer = selectors.offer_for(request.user, pk)
    try:
        services.stream_external_verify(
            offer=offer, user=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        return _done(request, pk, exc, "")
    return _done(request, pk, None, _("External statements verified."))


ACTIONS = {
    "open": (services.stream_offer_open, gettext_lazy("The offer is open.")),
    "cancel": (services.stream_offer_cancel, gettext_lazy("The offer is cancelled.")),
    "close": (services.stream_offer_close, gettext_lazy("The auction is closed.")),
}


@login_required
@require_POST
def offer_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    if not (acts_for(request.user, offer.holder_id) or is_staff(request.user)):
        raise PermissionDenied
    service, ok = ACTIONS[action]
    try:
        service(offer=offer, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        return _done(request, pk, exc, "")
    return _done(request, pk, None, str(ok))
