"""GET /availability: the same query and answer as before the API moved to ninja
(licensing.availability.check_availability), now with its schema."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from ninja import Field, Query, Router, Schema

from licensing.availability import check_availability, resolve_work
from marketplace.api.auth import may_read_for, optional_key
from marketplace.api.errors import field_errors, problem, responses

router = Router(tags=["availability"])
RENAMED = {
    "right_type": "right",
    "territories": "territory",
    "languages": "language",
    "start": "from",
    "end": "to",
}


class AvailabilityQuery(Schema):
    work: str = Field(..., description="A work id or an ISBN.")
    right: str = Field(..., description="A right type, e.g. translation.")
    territory: list[str] = Field(..., description="Country or group codes; may repeat.")
    language: list[str] = Field(..., description="Language codes; may repeat.")
    from_: str = Field(..., alias="from", description="First day, YYYY-MM-DD.")
    to: str = Field(..., description="Last day, YYYY-MM-DD.")
    exclusive: bool = False


class Conflict(Schema):
    conflict: str = Field(
        ...,
        description="overlap, no_rights_in, no_exclusive_in, seized, "
        "pledged_consent_needed or disputed.",
    )
    type: str
    grant: int | None = Field(None, description="Only for the work's holder.")
    source: str | None = Field(None, description="Only for the work's holder.")
    territory: str
    language: str
    from_: str = Field(..., alias="from")
    to: str
    exclusive: bool
    reason: str


class Warning(Schema):
    warning: str
    type: str
    reason: str
    source: str | None = None


class Availability(Schema):
    work: int
    available: bool
    conflicts: list[Conflict]
    warnings: list[Warning]


def _date(errors: dict, name: str, raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors.setdefault(name, []).append(f"“{raw}” is not a date (YYYY-MM-DD)")
        return None


@router.get(
    "/availability",
    url_name="availability",
    response=responses({200: Availability}, 400, 401, 429),
    auth=None,
    summary="Whether a right is free for territories, languages and a window",
)
def availability(request: HttpRequest, params: Query[AvailabilityQuery]):
    """Anyone may ask. The conflicting windows carry a code and a reason in the caller's
    language; grant ids and contract references only the work's holder (and staff) see."""
    optional_key(request)  # a wrong key is a 401 before anything is looked up
    errors: dict[str, list[str]] = {}
    work = None
    try:
        work = resolve_work(params.work)
    except ValidationError as exc:
        errors.update(field_errors(exc))
    start, end = _date(errors, "from", params.from_), _date(errors, "to", params.to)
    if errors:
        return problem(400, "validation", "The request is not valid.", errors=errors)
    try:
        report = check_availability(
            work=work,
            right_type=params.right,
            territories=params.territory,
            languages=params.language,
            start=start,
            end=end,
            exclusive=params.exclusive,
        )
    except ValidationError as exc:
        return problem(
            400, "validation", "The request is not valid.", errors=field_errors(exc, rename=RENAMED)
        )
    body = report.as_dict()
    if not may_read_for(request, work.holder_id):
        for conflict in body["conflicts"]:
            conflict.pop("grant")
            conflict.pop("source")
    body["work"] = work.pk
    return JsonResponse(body)
