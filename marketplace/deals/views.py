"""Negotiation pages (thin: HTTP ↔ services and selectors)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.kernel.downloads import private_file_response
from catalog.kernel.forms import error_text
from catalog.kernel.money import STRIPE_CURRENCIES
from catalog.kernel.permissions import acting_party_ids
from catalog.kernel.ratelimit import has_files, rate_limited
from catalog.models import Party
from i18n.languages import LANGUAGES
from marketplace.deals import selectors, services
from marketplace.deals.conversation import message_post, message_translate
from marketplace.deals.forms import OfferForms
from marketplace.deals.models import Attachment, Message, Offer, OfferStatus, Thread
from marketplace.deals.permissions import acting_party, can_view
from marketplace.deals.workflow import WORKFLOW
from marketplace.listings.models import Inquiry, Listing


def _form_error(forms: OfferForms, exc: ValidationError | PermissionDenied) -> None:
    """Service refusals onto the form (``forms.terms()`` has already placed its own)."""
    if isinstance(exc, PermissionDenied):
        forms.form.add_error(None, str(exc))
    elif not forms.errors_count:
        forms.add_errors(exc)


def _visible_thread(request: HttpRequest, pk: int) -> Thread:
    thread = selectors.thread_for_user(pk, request.user)
    if thread is None:
        raise Http404
    return thread


def _reader_language(request: HttpRequest) -> str:
    return translation.get_language() or request.user.preferred_language


@login_required
def thread_list(request: HttpRequest) -> HttpResponse:
    ids = acting_party_ids(request.user)
    threads = list(selectors.threads_for(request.user))
    return render(
        request,
        "deals/thread_list.html",
        {
            "buying": [t for t in threads if t.buyer_id in ids],
            "selling": [t for t in threads if t.seller_id in ids],
        },
    )


@login_required
@require_POST
def thread_start(request: HttpRequest) -> HttpResponse:
    """From a listing (buyer) or an inquiry (either side): open the thread, go to the offer form."""
    inquiry = listing = None
    if request.POST.get("inquiry"):
        inquiry = get_object_or_404(
            Inquiry.objects.select_related("listing"), pk=request.POST["inquiry"]
        )
        ids = acting_party_ids(request.user)
        if not ids & {inquiry.buyer_id, inquiry.listing.seller_id}:
            raise Http404  # an inquiry is its buyer's and the seller's: others do not learn of it
        party_id = inquiry.buyer_id if inquiry.buyer_id in ids else inquiry.listing.seller_id
    else:
        listing = get_object_or_404(Listing, pk=request.POST.get("listing") or 0)
        party_id = request.POST.get("buyer") or next(
            iter(sorted(acting_party_ids(request.user) - {listing.seller_id})), None
        )
    party = Party.objects.filter(pk=party_id or 0).first()
    if party is None:
        raise PermissionDenied(_("You need an organisation to negotiate for."))
    try:
        thread = services.thread_open(
            user=request.user, party=party, listing=listing, inquiry=inquiry
        )
    except ValidationError as exc:  # a PermissionDenied (acting for another's party) is a 403
        messages.error(request, error_text(exc))
        return redirect("listings:detail", pk=(listing or inquiry.listing).pk)
    if thread.offers.exists():
        return redirect("deals:detail", pk=thread.pk)
    return redirect("deals:offer_new", pk=thread.pk)


def _initial_from_listing(thread: Thread) -> dict:
    listing, inquiry = thread.listing, thread.inquiry
    start = timezone.localdate().replace(day=1)
    end = start.replace(year=start.year + max(1, listing.term_months // 12)) - dt.timedelta(days=1)
    return {
        "right_type": (inquiry.right_types if inquiry else listing.right_types)[0],
        "territories": ", ".join(inquiry.territories if inquiry else listing.territories),
        "languages": ", ".join(inquiry.languages if inquiry else listing.languages),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "exclusive": listing.exclusivity == "exclusive",
        "currency": listing.currency,
        "advance": listing.advance or "",
        "flat_fee": listing.flat_fee or "",
        "minimum_guarantee": listing.minimum_guarantee or "",
    }


def _default_valid_until() -> str:
    return (timezone.localdate() + dt.timedelta(days=14)).isoformat()


def _offer_page(request, thread, forms, *, previous: Offer | None) -> HttpResponse:
    return render(
        request,
        "deals/offer_form.html",
        {
            "thread": thread,
            "forms": forms,
            "previous": previous,
            "currencies": sorted(STRIPE_CURRENCIES),
        },
    )


@login_required
def offer_new(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _visible_thread(request, pk)
    party = acting_party(thread, request.user)
    if party is None:
        raise PermissionDenied(_("Only the two parties can make offers."))
    initial = {"valid_until": _default_valid_until()}
    latest = thread.offers.order_by("-version").first()
    forms = OfferForms(
        request.POST or None,
        initial_terms=latest.terms if latest else None,
        initial=initial if latest else {**_initial_from_listing(thread), **initial},
    )
    if request.method == "POST" and forms.is_valid():
        try:
            services.offer_make(
                thread=thread,
                user=request.user,
                party=party,
                terms=forms.terms(),
                valid_until=forms.valid_until,
            )
        except (ValidationError, PermissionDenied) as exc:
            _form_error(forms, exc)
        else:
            messages.success(request, _("Your offer was sent."))
            return redirect("deals:detail", pk=thread.pk)
    return _offer_page(request, thread, forms, previous=None)


@login_required
def offer_counter(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer, pk=pk)
    thread = _visible_thread(request, offer.thread_id)
    party = acting_party(thread, request.user, not_party_id=offer.offered_by_id)
    if party is None or party.pk == offer.offered_by_id:
        raise PermissionDenied(_("Only the other party can counter this offer."))
    forms = OfferForms(
        request.POST or None,
        initial_terms=offer.terms,
        initial={"valid_until": _default_valid_until()},
    )
    if request.method == "POST" and forms.is_valid():
        try:
            services.offer_counter(
                offer=offer,
                user=request.user,
                party=party,
                terms=forms.terms(),
                valid_until=forms.valid_until,
            )
        except (ValidationError, PermissionDenied) as exc:
            _form_error(forms, exc)
        else:
            messages.success(request, _("Your counter-offer was sent."))
            return redirect("deals:detail", pk=thread.pk)
    return _offer_page(request, thread, forms, previous=offer)


@login_required
@require_POST
def offer_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    offer = get_object_or_404(Offer, pk=pk)
    thread = _visible_thread(request, offer.thread_id)
    calls = {
        "accept": services.offer_accept,
        "decline": services.offer_decline,
        "withdraw": services.offer_withdraw,
    }
    if action not in calls:
        raise Http404
    not_party = offer.offered_by_id if action != "withdraw" else None
    party = acting_party(thread, request.user, not_party_id=not_party)
    if party is None:
        raise PermissionDenied(_("Only the two parties can answer offers."))
    try:
        offer = calls[action](offer=offer, user=request.user, party=party)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return redirect("deals:detail", pk=thread.pk)
    messages.success(
        request,
        _("Version %(version)s is now %(status)s.")
        % {"version": offer.version, "status": OfferStatus(offer.status).label},
    )
    thread.refresh_from_db()
    if action == "accept" and thread.contract_id:
        return redirect("contracts:detail", pk=thread.contract_id)
    return redirect("deals:detail", pk=thread.pk)


@login_required
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _visible_thread(request, pk)
    offers = selectors.offer_views(thread)
    ids = acting_party_ids(request.user)
    open_offer = next((v for v in offers if v.offer.status == OfferStatus.OPEN), None)
    sides = ids & {thread.buyer_id, thread.seller_id}
    return render(
        request,
        "deals/thread_detail.html",
        {
            "thread": thread,
            "offers": offers,
            "open_offer": open_offer,
            # what the user may do with the open offer (buttons), as the workflow says
            "actions": WORKFLOW.available_action_names(open_offer.offer, request.user)
            if open_offer
            else set(),
            "is_party": bool(sides),
            "can_offer": bool(sides)
            and not thread.contract_id
            and not any(v.offer.status in ("open", "accepted") for v in offers),
            "thread_messages": selectors.messages_for_reader(thread, _reader_language(request)),
            "reader_language": _reader_language(request),
            "languages": LANGUAGES,
        },
    )


@login_required
@require_POST
@rate_limited("messages", rate="RATE_LIMIT_MESSAGES")
@rate_limited("uploads", rate="RATE_LIMIT_UPLOADS", counts=has_files)
def message_send(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _visible_thread(request, pk)
    party = acting_party(thread, request.user)
    if party is None:
        raise PermissionDenied(_("Only the two parties can write in a negotiation."))
    try:
        message_post(
            thread=thread,
            user=request.user,
            party=party,
            body=request.POST.get("body", ""),
            language=request.POST.get("language") or _reader_language(request),
            attachments=request.FILES.getlist("attachments"),
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Message sent."))
    return redirect(f"{thread_url(thread)}#messages")


def thread_url(thread: Thread) -> str:
    return reverse("deals:detail", kwargs={"pk": thread.pk})


@login_required
@require_POST
def message_add_translation(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(Message, pk=pk)
    thread = _visible_thread(request, message.thread_id)
    try:
        message_translate(
            message=message,
            user=request.user,
            language=request.POST.get("language", ""),
            body=request.POST.get("body", ""),
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Translation saved."))
    return redirect(f"{thread_url(thread)}#message-{message.pk}")


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("message__thread"), pk=pk)
    if not can_view(attachment.message.thread, request.user):
        raise Http404
    # Not the uploader's content type: it is whatever the sender's browser claimed.
    return private_file_response(attachment.file, filename=attachment.original_name)
