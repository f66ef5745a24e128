"""Seizures, pledges and disputes as a subtraction of ``check_availability``.

The records come from the providers finance (seizures, pledges) and disputes register with
``catalog.kernel.encumbrances``; the rule is ``Encumbrance.restricts``. This module turns them
into the selector's answer for one request (``encumbrance_conflicts``, registered as the
``encumbrances`` subtraction in ``LicensingConfig.ready``) and for many works on one day (the
search documents and the listing page: ``encumbered_cells``, ``restriction_notices``) — the
same records and the same rule, so every consumer gives the same answer.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from catalog.kernel.encumbrances import (
    CLEARED_BY_CONSENT,
    Encumbrance,
    encumbrances_for,
)
from licensing.availability import Conflict, Request
from licensing.models import ANY

Cell = tuple[str, str, str]  # (right type, country, language)


def encumbrance_conflicts(request: Request) -> list[Conflict]:
    """One conflict per requested cell and window an encumbrance restricts (``blocking``);
    one warning per flagging-only encumbrance (territory and language ``*``: the request)."""
    found: list[Conflict] = []
    for enc in encumbrances_for([request.work_id], start=request.start, end=request.end):
        window = enc.overlap(request.start, request.end)
        if window is None or not enc.restricts(
            right_type=request.right_type,
            exclusive=request.exclusive,
            contract_id=request.contract_id,
        ):
            continue
        countries = enc.countries(request.countries)
        if not countries:
            continue
        start, end = window[0], window[1] or request.end
        if not enc.blocking:
            found.append(_conflict(enc, ANY, ANY, start, end, request.exclusive))
            continue
        found += [
            _conflict(enc, country, language, start, end, request.exclusive)
            for country in countries
            for language in request.languages
        ]
    found.sort(key=lambda c: (c.territory, c.language, c.start, c.end, c.kind))
    return found


def _conflict(
    enc: Encumbrance, country: str, language: str, start: dt.date, end: dt.date, excl: bool
) -> Conflict:
    return Conflict(
        None,
        enc.ref,
        country,
        language,
        start,
        end,
        excl,
        kind=enc.code,
        reason=enc.reason,
        blocking=enc.blocking,
    )


def refusing(conflicts: Iterable[dict]) -> list[dict]:
    """The conflicts (``Availability.as_dict`` rows) an agreement in principle — an accepted
    offer, which only drafts the contract — cannot pass: all but those a pledgee's consent to
    that contract can still clear (its activation checks them again with the contract)."""
    return [c for c in conflicts if c["conflict"] not in CLEARED_BY_CONSENT]


@dataclass
class DayRestrictions:
    """What encumbrances do to one work's listing cells on one day."""

    blocked: set[Cell] = field(default_factory=set)  # cannot be sold at all
    consent: set[Cell] = field(default_factory=set)  # sellable with a pledgee's consent
    reasons: dict[str, str] = field(default_factory=dict)  # code → first reason, for flags


Offer = tuple[Hashable, int, Iterable[str], Iterable[str], Iterable[str], bool]


def encumbered_cells(offers: Iterable[Offer], *, on: dt.date) -> dict[Hashable, DayRestrictions]:
    """For offers ``(key, work_id, rights, countries, languages, exclusive)`` — listings —
    the cells encumbrances hold back on ``on``, by key. One provider call for all works: a
    day is the window ``[on, on + 1)`` of ``check_availability``'s subtraction."""
    offers = [(k, w, set(r), sorted(set(c)), sorted(set(la)), x) for k, w, r, c, la, x in offers]
    by_work: dict[int, list[Encumbrance]] = defaultdict(list)
    for enc in encumbrances_for({o[1] for o in offers}, start=on, end=on + dt.timedelta(days=1)):
        by_work[enc.work_id].append(enc)
    result: dict[Hashable, DayRestrictions] = {}
    for key, work_id, rights, countries, languages, exclusive in offers:
        day = result.setdefault(key, DayRestrictions())
        for enc in by_work.get(work_id, ()):
            for right in rights:
                if not enc.restricts(right_type=right, exclusive=exclusive):
                    continue
                cells = {(right, c, lang) for c in enc.countries(countries) for lang in languages}
                if not cells:
                    continue
                if enc.code in CLEARED_BY_CONSENT:
                    day.consent |= cells
                elif enc.blocking:
                    day.blocked |= cells
                else:
                    continue
                day.reasons.setdefault(enc.code, enc.reason)
    return result


def restriction_notices(
    *, work_id: int, rights: Iterable[str], exclusive: bool, on: dt.date
) -> list[tuple[str, str, bool]]:
    """(code, reason, blocking) of each encumbrance touching these rights of the work on
    ``on`` (from that day on, for the listing page), each once."""
    notices: dict[str, tuple[str, str, bool]] = {}
    for enc in encumbrances_for([work_id], start=on, end=None):
        if any(enc.restricts(right_type=r, exclusive=exclusive) for r in rights):
            blocking = enc.blocking and enc.code not in CLEARED_BY_CONSENT
            notices.setdefault(enc.reason, (enc.code, enc.reason, blocking))
    return list(notices.values())
