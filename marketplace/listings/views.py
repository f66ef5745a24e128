"""Seller and buyer pages for listings (thin: forms ↔ services and selectors)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.kernel.forms import add_service_errors
from catalog.kernel.permissions import acting_parties, acting_party_ids, acts_for
from catalog.kernel.ratelimit import rate_limited
from catalog.kernel.status import work_status_flags
from catalog.language_strings import describe_languages
from catalog.models import Work
from catalog.territories import GROUP_LABELS
from catalog.territory_strings import parse_territories
from i18n.languages import LANGUAGE_CODES
from marketplace.listings import selectors, services
from marketplace.listings.bulk.prefill import sales_rights_territories
from marketplace.listings.forms import InquiryForm, ListingForm
from marketplace.listings.models import Listing, ListingStatus, ShortlistItem
from marketplace.listings.workflow import WORKFLOW, editable


def _input(form: ListingForm) -> services.ListingInput:
    d = form.cleaned_data
    headlines, descriptions, machine = form.texts()
    return services.ListingInput(
        right_types=d["right_types"],
        territories=d["territories"],
        excluded_territories=d["excluded_territories"],
        languages=d["languages"],
        currency=d["currency"],
        exclusivity=d["exclusivity"],
        term_months=d["term_months"],
        available_from=d["available_from"],
        available_until=d["available_until"],
        advance=d["advance"],
        royalty_rate=d["royalty_rate"],
        minimum_guarantee=d["minimum_guarantee"],
        flat_fee=d["flat_fee"],
        headlines=headlines,
        descriptions=descriptions,
        machine_translated=machine,
    )


def _initial_from_work(work: Work) -> dict[str, object]:
    """Pre-fill territories from the ONIX <SalesRights> the catalog import kept (the same
    reading as the bulk grid's)."""
    text = sales_rights_territories(work)
    parsed = parse_territories(text) if text else None
    original = work.original_language
    return {
        "territories": ", ".join(parsed.include) if parsed else "ASEAN",
        "excluded_territories": ", ".join(parsed.exclude) if parsed else "",
        "languages": [original] if original in LANGUAGE_CODES else [],
        "other_languages": "" if original in LANGUAGE_CODES else original,
    }


def _refused_for_rights_in(exc: ValidationError) -> bool:
    """The service refused what the holder has not recorded holding: the page then links
    to the work's rights-in page, where a publisher records what it acquired."""
    return "rights_in" in getattr(exc, "error_dict", {})


def _language_fields(languages: list[str]) -> dict[str, object]:
    """Interface languages as ticks, the others as text; "all but a few" as "L ex …"."""
    described = describe_languages(languages)
    if described.startswith("L"):
        return {"languages": [], "other_languages": described}
    return {
        "languages": [code for code in languages if code in LANGUAGE_CODES],
        "other_languages": describe_languages(
            [code for code in languages if code not in LANGUAGE_CODES]
        ),
    }


@login_required
def seller_dashboard(request: HttpRequest) -> HttpResponse:
    ids = list(acting_party_ids(request.user))
    return render(
        request,
        "listings/seller_dashboard.html",
        {
            "listings": selectors.seller_listings(ids),
            "inquiries": selectors.seller_inquiries(ids)[:50],
            "notifications": request.user.notifications.filter(read_at__isnull=True).order_by(
                "-created_at"
            )[:20],
            "works": Work.objects.filter(
                holder_id__in=ids, applications__status="registered"
            ).order_by("original_title")[:200],
        },
    )


@login_required
def listing_new(request: HttpRequest, work_id: int) -> HttpResponse:
    work = get_object_or_404(Work, pk=work_id, holder_id__in=acting_party_ids(request.user))
    form = ListingForm(request.POST or None, initial=_initial_from_work(work))
    rights_in_refused = False
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_create(work=work, user=request.user, data=_input(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
            rights_in_refused = _refused_for_rights_in(exc)
        else:
            messages.success(request, _("Listing saved as a draft."))
            return redirect("listings:detail", pk=listing.pk)
    return render(
        request,
        "listings/listing_form.html",
        {
            "form": form,
            "work": work,
            "groups": GROUP_LABELS,
            "rights_in_refused": rights_in_refused,
        },
    )


@login_required
def listing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(Listing, pk=pk, seller_id__in=acting_party_ids(request.user))
    initial = {
        "right_types": listing.right_types,
        "territories": ", ".join(listing.territories),
        "excluded_territories": ", ".join(listing.excluded_territories),
        **_language_fields(listing.languages),
        "exclusivity": listing.exclusivity,
        "term_months": listing.term_months,
        "available_from": listing.available_from,
        "available_until": listing.available_until,
        "currency": listing.currency,
        "advance": listing.advance,
        "royalty_rate": listing.royalty_rate,
        "minimum_guarantee": listing.minimum_guarantee,
        "flat_fee": listing.flat_fee,
    }
    for name, value in vars(listing).items():
        if name.startswith(("headline_", "description_")):
            initial[name] = value
    form = ListingForm(request.POST or None, initial=initial)
    rights_in_refused = False
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update(listing=listing, user=request.user, data=_input(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
            rights_in_refused = _refused_for_rights_in(exc)
        else:
            messages.success(request, _("Listing updated."))
            return redirect("listings:detail", pk=listing.pk)
    return render(
        request,
        "listings/listing_form.html",
        {
            "form": form,
            "work": listing.work,
            "listing": listing,
            "rights_in_refused": rights_in_refused,
        },
    )


@login_required
@require_POST
def listing_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    listing = get_object_or_404(Listing, pk=pk)
    calls = {
        "publish": services.listing_publish,
        "pause": services.listing_pause,
        "withdraw": services.listing_withdraw,
    }
    if action not in calls:
        raise Http404
    try:
        listing = calls[action](listing=listing, user=request.user)
    except ValidationError as exc:
        messages.error(request, "; ".join(" ".join(v) for v in exc.message_dict.values()))
    else:
        messages.success(
            request,
            _("Listing is now %(status)s.") % {"status": ListingStatus(listing.status).label},
        )
    return redirect("listings:detail", pk=pk)


def listing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        listing = selectors.listing_for_detail(pk)
    except Listing.DoesNotExist:
        raise Http404 from None
    is_seller = acts_for(request.user, listing.seller_id)
    if listing.status != ListingStatus.PUBLISHED and not is_seller:
        raise Http404
    if not is_seller:
        services.listing_record_view(listing_id=listing.pk)
    inquiry_form = None
    shortlisted = False
    if request.user.is_authenticated and not is_seller:
        inquiry_form = InquiryForm(
            parties=acting_parties(request.user),
            rights=[(r, r) for r in listing.right_types],
            initial={
                "languages": translation.get_language(),
                "right_types": listing.right_types[:1],
            },
        )
        shortlisted = ShortlistItem.objects.filter(user=request.user, listing=listing).exists()
    return render(
        request,
        "listings/listing_detail.html",
        {
            "listing": listing,
            "work": listing.work,
            "is_seller": is_seller,
            "can_edit": is_seller and editable(listing),
            "actions": WORKFLOW.available_action_names(listing, request.user) if is_seller else (),
            "table": selectors.availability_table(listing),
            "flags": work_status_flags(listing.work),
            "restrictions": selectors.listing_restrictions(listing),
            "inquiry_form": inquiry_form,
            "shortlisted": shortlisted,
        },
    )


@login_required
@require_POST
def shortlist_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(Listing, pk=pk, status=ListingStatus.PUBLISHED)
    added = services.shortlist_toggle(user=request.user, listing=listing)
    messages.success(
        request, _("Added to your shortlist.") if added else _("Removed from your shortlist.")
    )
    return redirect(request.POST.get("next") or "listings:shortlist")


@login_required
def shortlist(request: HttpRequest) -> HttpResponse:
    return render(
        request, "listings/shortlist.html", {"items": selectors.shortlist_for(request.user)}
    )


@login_required
@require_POST
@rate_limited("inquiries", rate="RATE_LIMIT_INQUIRIES")
def inquiry_send(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(Listing, pk=pk)
    form = InquiryForm(
        request.POST,
        parties=acting_parties(request.user),
        rights=[(r, r) for r in listing.right_types],
    )
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.inquiry_create(
                listing=listing,
                buyer=d["buyer"],
                user=request.user,
                message=d["message"],
                right_types=d["right_types"],
                territories=d["territories"],
                languages=d["languages"],
                message_language=translation.get_language(),
            )
        except (ValidationError, PermissionDenied) as exc:
            text = (
                "; ".join(" ".join(v) for v in exc.message_dict.values())
                if isinstance(exc, ValidationError)
                else str(exc)
            )
            messages.error(request, text)
        else:
            messages.success(request, _("Your inquiry was sent to the rights holder."))
    else:
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect("listings:detail", pk=pk)
