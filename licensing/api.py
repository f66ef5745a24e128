"""JSON API of licensing (thin: query string ↔ check_availability)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from catalog.kernel.permissions import acts_for, is_staff
from licensing.availability import check_availability, resolve_work


def _date(errors: dict, name: str, raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError:
        errors.setdefault(name, []).append(f"“{raw or ''}” is not a date (YYYY-MM-DD)")
        return None


def _can_see_sources(request: HttpRequest, work) -> bool:
    return is_staff(request.user) or acts_for(request.user, work.holder_id)


@require_GET
def availability(request: HttpRequest) -> JsonResponse:
    """GET /api/v1/availability?work=&right=&territory=&language=&from=&to=&exclusive=1

    ``territory`` and ``language`` may repeat. Anyone sees whether a right is
    free and the conflicting windows, each with its code (``conflict``: overlap,
    no_rights_in, no_exclusive_in, seized, pledged_consent_needed, disputed) and a
    ``reason`` in the caller's language, plus ``warnings`` (a dispute the policy only
    flags); grant ids and contract references only the work's holder and staff.
    """
    q = request.GET
    errors: dict[str, list[str]] = {}
    work = None
    try:
        work = resolve_work(q.get("work", ""))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for name in ("right", "territory", "language"):
        if not q.getlist(name):
            errors.setdefault(name, []).append("required")
    start, end = _date(errors, "from", q.get("from")), _date(errors, "to", q.get("to"))
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    try:
        report = check_availability(
            work=work,
            right_type=q["right"],
            territories=q.getlist("territory"),
            languages=q.getlist("language"),
            start=start,
            end=end,
            exclusive=q.get("exclusive", "") in ("1", "true", "yes"),
        )
    except ValidationError as exc:
        renamed = {
            "right_type": "right",
            "territories": "territory",
            "languages": "language",
            "start": "from",
            "end": "to",
        }
        return JsonResponse(
            {"errors": {renamed.get(k, k): v for k, v in exc.message_dict.items()}}, status=400
        )
    body = report.as_dict()
    if not _can_see_sources(request, work):
        for conflict in body["conflicts"]:
            conflict.pop("grant")
            conflict.pop("source")
    body["work"] = work.pk
    return JsonResponse(body)
