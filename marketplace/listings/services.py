"""Writes of listings, shortlists and inquiries. Index updates go out after commit."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from catalog.kernel.guards import ensure_allowed
from catalog.kernel.permissions import AnyUser, acting_members, acts_for, may_act_for
from catalog.kernel.status import work_has_flag
from catalog.models import Party, Work
from catalog.services import validate_language
from catalog.territories import expand, validate_territory
from catalog.vocabulary import ZONE_WORK_TYPES, RightType
from i18n.translation_status import compute_status
from licensing.rightsin.selectors import rights_in_refusals
from marketplace.listings.models import (
    Exclusivity,
    Inquiry,
    Listing,
    ListingStatus,
    Notification,
    ShortlistItem,
)
from marketplace.listings.workflow import WORKFLOW, editable


@dataclass
class ListingInput:
    right_types: list[str]
    territories: list[str]
    languages: list[str]
    currency: str
    headlines: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    machine_translated: set[str] = field(default_factory=set)
    excluded_territories: list[str] = field(default_factory=list)
    exclusivity: str = Exclusivity.EITHER
    term_months: int = 60
    advance: Decimal | None = None
    royalty_rate: Decimal | None = None
    minimum_guarantee: Decimal | None = None
    flat_fee: Decimal | None = None
    zone: str | None = None
    available_from: dt.date | None = None
    available_until: dt.date | None = None


def zone_for(*, work: Work) -> str:
    return next(zone for zone, types in ZONE_WORK_TYPES.items() if work.work_type in types)


def _enqueue_index(listing_ids: list[int]) -> None:
    from marketplace.search.tasks import index_listings

    transaction.on_commit(lambda: index_listings.delay(listing_ids))


def _validate(data: ListingInput) -> None:
    errors: dict[str, str] = {}
    bad_rights = [r for r in data.right_types if r not in RightType.values]
    if not data.right_types or bad_rights:
        errors["right_types"] = f"unknown or missing right types: {bad_rights or '—'}"
    for name in ("territories", "excluded_territories"):
        for code in getattr(data, name):
            validate_territory(code, field=name)
    if not expand(data.territories, data.excluded_territories):
        errors["territories"] = "the territories left after exclusions are empty"
    data.languages = [validate_language(code, field="languages") for code in data.languages]
    if not data.languages:
        errors["languages"] = "offer at least one language"
    if data.currency.upper() not in settings.SUPPORTED_CURRENCIES:
        errors["currency"] = f"“{data.currency}” is not a supported currency"
    if data.royalty_rate is not None and not Decimal(0) <= data.royalty_rate <= Decimal(100):
        errors["royalty_rate"] = f"{data.royalty_rate} is outside 0–100 %"
    for name in ("advance", "minimum_guarantee", "flat_fee"):
        value = getattr(data, name)
        if value is not None and value < 0:
            errors[name] = f"{value} is negative"
    if data.term_months < 1:
        errors["term_months"] = "the term must be at least one month"
    if data.available_from and data.available_until and data.available_until < data.available_from:
        errors["available_until"] = _("the window ends %(end)s, before it starts %(start)s") % {
            "end": data.available_until,
            "start": data.available_from,
        }
    if errors:
        raise ValidationError(errors)


def validate_listing_input(data: ListingInput, *, work: Work | None = None) -> ListingInput:
    """The checks listing_create makes, for a preview that writes nothing: the terms, and
    with ``work`` the rights its holder holds."""
    _validate(data)
    if work is not None:
        _check_rights_in(work, data)
    return data


def _apply(listing: Listing, data: ListingInput) -> None:
    listing.right_types = sorted(set(data.right_types))
    listing.territories = [t.upper() for t in data.territories]
    listing.excluded_territories = [t.upper() for t in data.excluded_territories]
    listing.languages = data.languages
    listing.exclusivity = data.exclusivity
    listing.term_months = data.term_months
    listing.available_from = data.available_from
    listing.available_until = data.available_until
    listing.currency = data.currency.upper()
    for name in ("advance", "royalty_rate", "minimum_guarantee", "flat_fee"):
        setattr(listing, name, getattr(data, name))
    for code, text in data.headlines.items():
        setattr(listing, build_localized_fieldname("headline", code), text)
    for code, text in data.descriptions.items():
        setattr(listing, build_localized_fieldname("description", code), text)
    listing.translation_status = compute_status(
        listing, "headline", {code: "machine" for code in data.machine_translated}
    )


def _months_later(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _check_rights_in(work: Work, data: ListingInput) -> None:
    """Refuse to offer what the holder does not hold (conflict types No Rights In / No
    Exclusive In) over the listing's window: the one it names, else a licence starting
    today (or on its first day) and running the listing's term."""
    start = data.available_from or timezone.localdate()
    end = data.available_until or _months_later(start, data.term_months) - dt.timedelta(days=1)
    refusals = rights_in_refusals(
        work=work,
        right_types=data.right_types,
        territories=data.territories,
        excluded_territories=data.excluded_territories,
        languages=data.languages,
        start=start,
        end=end,
        exclusive=data.exclusivity == Exclusivity.EXCLUSIVE,
    )
    if refusals:
        raise ValidationError({"rights_in": refusals})


def _require_seller(work: Work, user: object) -> None:
    if not may_act_for(user, work.holder_id):
        raise PermissionDenied(_("only the work's holder can list its rights"))


@transaction.atomic
def listing_create(*, work: Work, user: AnyUser, data: ListingInput) -> Listing:
    _require_seller(work, user)
    _validate(data)
    _check_rights_in(work, data)
    listing = Listing(
        work=work,
        seller=work.holder,
        zone=data.zone or zone_for(work=work),
        headline=data.headlines.get(work.original_language) or work.original_title,
    )
    _apply(listing, data)
    listing.save()
    return listing


@transaction.atomic
def listing_update(*, listing: Listing, user: AnyUser, data: ListingInput) -> Listing:
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    _require_seller(listing.work, user)
    if not editable(listing):
        raise ValidationError({"status": _("a withdrawn listing cannot be edited")})
    _validate(data)
    _check_rights_in(listing.work, data)
    _apply(listing, data)
    listing.save()
    _enqueue_index([listing.pk])
    return listing


@transaction.atomic
def listing_publish(*, listing: Listing, user: AnyUser) -> Listing:
    listing = Listing.objects.select_for_update().select_related("work").get(pk=listing.pk)
    _require_seller(listing.work, user)
    if not work_has_flag(listing.work, "registered"):
        raise ValidationError({"work": _("only registered works can be listed")})
    ensure_allowed(listing.work, "list", party=listing.seller)
    WORKFLOW.apply(listing, "publish", user=user, save=False)
    listing.published_at = listing.published_at or timezone.now()
    listing.save()
    _enqueue_index([listing.pk])
    return listing


@transaction.atomic
def listing_pause(*, listing: Listing, user: AnyUser) -> Listing:
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    WORKFLOW.apply(listing, "pause", user=user, save=False)
    listing.save()
    _enqueue_index([listing.pk])
    return listing


@transaction.atomic
def listing_withdraw(*, listing: Listing, user: AnyUser, reason: str = "") -> Listing:
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    WORKFLOW.apply(listing, "withdraw", user=user, note=reason, save=False)
    listing.save()
    _enqueue_index([listing.pk])
    return listing


def listing_record_view(*, listing_id: int) -> None:
    Listing.objects.filter(pk=listing_id).update(views=F("views") + 1)


def shortlist_toggle(*, user: AnyUser, listing: Listing) -> bool:
    """Add or remove; True when the listing is now on the shortlist."""
    deleted, _ = ShortlistItem.objects.filter(user=user, listing=listing).delete()
    if deleted:
        return False
    ShortlistItem.objects.get_or_create(user=user, listing=listing)
    return True


@transaction.atomic
def inquiry_create(
    *,
    listing: Listing,
    buyer: Party,
    user: AnyUser,
    message: str,
    right_types: list[str],
    territories: list[str],
    languages: list[str],
    message_language: str,
) -> Inquiry:
    listing = Listing.objects.select_related("seller", "work").get(pk=listing.pk)
    if listing.status != ListingStatus.PUBLISHED:
        raise ValidationError({"listing": _("this listing is not open for inquiries")})
    if not acts_for(user, buyer.pk):
        raise PermissionDenied(_("you can only inquire for an organisation you belong to"))
    if buyer.pk == listing.seller_id:
        raise ValidationError({"buyer": _("a holder cannot inquire about its own listing")})
    if not message.strip():
        raise ValidationError({"message": _("write a message to the rights holder")})
    unknown = sorted(set(right_types) - set(listing.right_types))
    if not right_types or unknown:
        raise ValidationError(
            {
                "right_types": _("choose rights this listing offers (%(unknown)s)")
                % {"unknown": unknown}
            }
        )
    for code in territories:
        validate_territory(code)
    languages = [validate_language(code, field="languages") for code in languages]
    inquiry = Inquiry.objects.create(
        listing=listing,
        buyer=buyer,
        created_by=user,
        message=message.strip(),
        right_types=sorted(right_types),
        territories=[t.upper() for t in territories],
        languages=languages,
        message_language=message_language,
    )
    for membership in acting_members([listing.seller_id]):
        Notification.objects.create(
            user=membership.user,
            kind="inquiry",
            text=f"{buyer.name}: {listing.work.original_title}"[:500],
            url=reverse("listings:seller") + f"#inquiry-{inquiry.pk}",
        )
    return inquiry


def notification_create(*, user: AnyUser, kind: str, text: str, url: str = "") -> Notification:
    """Store an in-app notice; the kernel's notifier for the domain packages (ListingsConfig)."""
    return Notification.objects.create(user=user, kind=kind, text=text[:500], url=url[:300])
