"""Encumbrances: what holds a work's rights back besides grants — seizures, pledges, disputes.

Seizures and pledges live in ``finance.pledges``, disputes in ``licensing.disputes``; each
registers a *provider* here from its ``AppConfig.ready``. Everything that decides whether a
right may be sold reads them through ``encumbrances_for`` and applies ``Encumbrance.restricts``:
licensing's availability selector (``check_availability`` and the search documents built from
it) and the pledges' action guard (``catalog.kernel.guards``). One record, one rule — the kernel
holds only the shape, so the catalog imports neither finance nor licensing.

An encumbrance is in force on the days ``[start, end)`` (``end`` None: until lifted). It
*restricts* a right unless it is scoped to other right types or territories, or restricts only
exclusive dealings (a pledge: an exclusive licence or a transfer needs the pledgee's consent; a
non-exclusive licence does not) and the request is not exclusive, or the party it protects has
consented to the very contract asked about. A restricting encumbrance that is not ``blocking`` is
a warning (a dispute whose type the policy only flags): the right stays available.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import connection

# Machine codes (the API's ``conflict``): stable, never translated.
SEIZED = "seized"
PLEDGED_CONSENT_NEEDED = "pledged_consent_needed"
DISPUTED = "disputed"
CODES = frozenset({SEIZED, PLEDGED_CONSENT_NEEDED, DISPUTED})
# Codes a contract can still clear (the pledgee consents to that contract): an offer may be
# accepted over them, the contract's activation may not.
CLEARED_BY_CONSENT = frozenset({PLEDGED_CONSENT_NEEDED})


@dataclass(frozen=True)
class Encumbrance:
    code: str
    work_id: int
    ref: str  # the court case, pledge or dispute number
    reason: str  # for a person, in the active language
    start: dt.date
    end: dt.date | None  # exclusive upper bound; None: until lifted
    right_types: frozenset[str] = frozenset()  # empty: every right
    territories: frozenset[str] = frozenset()  # countries; empty: everywhere
    exclusive_only: bool = False
    consented: frozenset[int] = frozenset()  # contract ids the protected party agreed to
    blocking: bool = True

    def restricts(
        self, *, right_type: str | None, exclusive: bool, contract_id: int | None = None
    ) -> bool:
        """Does this hold back ``right_type`` (None: the work as a whole, every right)?"""
        if right_type is not None and self.right_types and right_type not in self.right_types:
            return False
        if self.exclusive_only and not exclusive:
            return False
        return contract_id is None or contract_id not in self.consented

    def overlap(self, start: dt.date, end: dt.date | None) -> tuple[dt.date, dt.date | None] | None:
        """The part of ``[start, end)`` (``end`` None: unbounded) this is in force, or None."""
        lower = max(start, self.start)
        if end is None:
            upper = self.end
        elif self.end is None:
            upper = end
        else:
            upper = min(end, self.end)
        if upper is not None and upper <= lower:
            return None
        return lower, upper

    def countries(self, requested: Iterable[str]) -> list[str]:
        """The requested countries this reaches, in the order given."""
        if not self.territories:
            return list(requested)
        return [c for c in requested if c in self.territories]


# provider(work_ids, start, end) -> the encumbrances of those works in force some day of
# [start, end) (end None: from start on).
Provider = Callable[[Sequence[int], dt.date, dt.date | None], Iterable[Encumbrance]]
_providers: list[tuple[Provider, str]] = []


def register_encumbrances(provider: Provider, *, present: str) -> None:
    """``present``: SQL for one boolean — may the provider find anything for the works in
    ``%(works)s`` (an array of ids) at all? Every provider's answer comes in one round trip,
    and only those that say yes are asked: almost every availability check meets no
    seizure, pledge or dispute, and it runs on every offer, page and API call."""
    if all(p is not provider for p, _sql in _providers):
        _providers.append((provider, present))


def encumbrances_for(
    work_ids: Iterable[int], *, start: dt.date, end: dt.date | None
) -> list[Encumbrance]:
    """Every registered provider's encumbrances of ``work_ids`` in force within the window."""
    ids = sorted(set(work_ids))
    if not ids or not _providers:
        return []
    probes = ", ".join(f"({sql})" for _p, sql in _providers)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {probes}", {"works": ids})
        present = cursor.fetchone()
    found: list[Encumbrance] = []
    for (provider, _sql), yes in zip(_providers, present, strict=True):
        if yes:
            found.extend(provider(ids, start, end))
    return found
