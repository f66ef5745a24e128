"""POST /listings/{id}/inquiries: the key's party asks a holder about a listing
(marketplace.listings.services.inquiry_create, as the listing page's form does)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Router, Schema
from ninja.decorators import decorate_view

from marketplace.api.auth import KeyAuth
from marketplace.api.errors import Id, responses
from marketplace.api.idempotency import idempotent
from marketplace.api.resources.listings import visible_listing
from marketplace.listings import services

router = Router(tags=["inquiries"])


class InquiryIn(Schema):
    right_types: list[str] = Field(..., min_length=1, max_length=20)
    territories: list[str] = Field(..., min_length=1, max_length=300)
    languages: list[str] = Field(..., min_length=1, max_length=60)
    message: str = Field(..., max_length=5000, pattern=r"^[^\x00]*$")


class InquiryOut(Schema):
    id: int
    listing_id: int
    buyer_id: int
    right_types: list[str]
    territories: list[str]
    languages: list[str]
    message: str
    status: str
    created_at: dt.datetime


@router.post(
    "/listings/{listing_id}/inquiries",
    url_name="inquiries",
    response=responses({201: InquiryOut}, 400, 401, 403, 404, 409, 429),
    auth=KeyAuth("deals"),
    summary="Send an inquiry about a listing (scope: deals)",
)
@decorate_view(idempotent)
def inquiry_create(request: HttpRequest, listing_id: Id, payload: InquiryIn):
    listing = visible_listing(request, listing_id)
    inquiry = services.inquiry_create(
        listing=listing,
        buyer=request.auth.party,
        user=request.auth.created_by,
        message=payload.message,
        right_types=payload.right_types,
        territories=payload.territories,
        languages=payload.languages,
        message_language=translation.get_language() or "en",
    )
    return 201, inquiry
