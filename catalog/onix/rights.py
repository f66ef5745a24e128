"""ONIX <SalesRights> as the import keeps them, read back as typed entries.

The importer stores each ``PublishingDetail/SalesRights`` composite in
``Work.sales_rights`` as it was sent::

    {"type": "02", "countries": [], "regions": ["WORLD"],
     "excluded_countries": ["CN", "HK", "MO", "TW"], "excluded_regions": [],
     "rest_of_world": false}

plus one ``{"type": …, "rest_of_world": true}`` entry for ``ROWSalesRightsType``.
``sales_rights(work)`` and ``sales_rights_by_work(work_ids)`` (one query for many
works) give them back as ``SalesRightsEntry`` objects saying what ONIX list 46 means by
the type — for sale or not, exclusively or not — and which countries the entry covers
once its regions and exclusions are applied. The bulk listing grid
(marketplace.listings.bulk.prefill) turns a work's entries into the territory string it
pre-fills ("WORLD ex CN, HK, MO, TW").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from catalog.models import Work
from catalog.territories import all_countries, group_members

# ONIX code list 46 (sales rights type).
FOR_SALE_EXCLUSIVE = {"01", "07"}  # 07: with a sales restriction
FOR_SALE_NON_EXCLUSIVE = {"02", "08"}
NOT_FOR_SALE = {"03", "04", "05", "06"}
# ONIX list 49 regions that stand for whole countries; the others are parts of one.
_REGION_GROUPS = {"WORLD": "WORLD", "ECZ": "EUROZONE"}


@dataclass(frozen=True)
class SalesRightsEntry:
    type: str  # ONIX list 46 code
    for_sale: bool | None  # None: type 00, unknown
    exclusive: bool  # for sale with exclusive rights (01, 07)
    countries: tuple[str, ...]  # CountriesIncluded
    regions: tuple[str, ...]  # RegionsIncluded (WORLD, ECZ, GB-EWS …)
    excluded_countries: tuple[str, ...]
    excluded_regions: tuple[str, ...]
    rest_of_world: bool  # ROWSalesRightsType: every country no other entry names

    def covered(self, *, named_elsewhere: frozenset[str] = frozenset()) -> frozenset[str]:
        """ISO 3166-1 countries this entry covers, exclusions applied.

        Regions that are parts of a country (GB-EWS) cover no whole country and are left
        out. A rest-of-world entry covers the countries ``named_elsewhere`` does not.
        """
        if self.rest_of_world:
            return all_countries() - named_elsewhere
        return _countries(self.countries, self.regions) - _countries(
            self.excluded_countries, self.excluded_regions
        )


def _countries(codes: Iterable[str], regions: Iterable[str]) -> frozenset[str]:
    found = {code for code in codes if code in all_countries()}
    for region in regions:
        if region in _REGION_GROUPS:
            found |= group_members(_REGION_GROUPS[region]) or set()
    return frozenset(found)


def _entry(stored: dict) -> SalesRightsEntry:
    kind = str(stored.get("type", ""))
    for_sale = (
        True
        if kind in FOR_SALE_EXCLUSIVE | FOR_SALE_NON_EXCLUSIVE
        else False
        if kind in NOT_FOR_SALE
        else None
    )
    return SalesRightsEntry(
        type=kind,
        for_sale=for_sale,
        exclusive=kind in FOR_SALE_EXCLUSIVE,
        countries=tuple(stored.get("countries", [])),
        regions=tuple(stored.get("regions", [])),
        excluded_countries=tuple(stored.get("excluded_countries", [])),
        excluded_regions=tuple(stored.get("excluded_regions", [])),
        rest_of_world=bool(stored.get("rest_of_world")),
    )


def sales_rights(work: Work) -> list[SalesRightsEntry]:
    """The work's ONIX sales rights, in file order (the rest-of-world entry last)."""
    return [_entry(stored) for stored in work.sales_rights or []]


def sales_rights_by_work(work_ids: Iterable[int]) -> dict[int, list[SalesRightsEntry]]:
    """``sales_rights`` for many works in one query; works without any map to []."""
    rows = Work.objects.filter(pk__in=list(work_ids)).values_list("pk", "sales_rights")
    return {pk: [_entry(stored) for stored in stored_list or []] for pk, stored_list in rows}


def for_sale_countries(entries: list[SalesRightsEntry]) -> frozenset[str]:
    """Where the entries put the work on sale: for-sale cover minus not-for-sale cover."""
    named = frozenset().union(*(e.covered() for e in entries if not e.rest_of_world))
    on_sale: set[str] = set()
    off_sale: set[str] = set()
    for entry in entries:
        covered = entry.covered(named_elsewhere=named)
        if entry.for_sale:
            on_sale |= covered
        elif entry.for_sale is False:
            off_sale |= covered
    return frozenset(on_sale - off_sale)
