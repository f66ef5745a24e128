"""The bulk grid for selected works, territories pre-filled from their ONIX sales rights.

``Work.sales_rights`` keeps each ONIX ``<SalesRights>`` composite as the import read it
(type from ONIX list 46, countries and regions included and excluded, and the
``ROWSalesRightsType`` as a rest-of-world entry). The territory offered is where the
work is for sale: the for-sale composites' countries, the rest of the world when a
for-sale ROW type is given, minus every not-for-sale composite's countries. ONIX regions
other than WORLD and ECZ (the Eurozone) are parts of a country ("GB-EWS"): a listing
cannot offer part of a country, so they are left out and the seller edits the cell.
"""

from __future__ import annotations

from catalog.models import Work
from catalog.territories import all_countries, group_members
from catalog.territory_strings import describe_countries
from marketplace.listings.bulk.lines import WorkIndex

# ONIX code list 46: 01/02 for sale (exclusive / non-exclusive), 07/08 the same with a
# sales restriction; 03–06 not for sale; 00 unknown (neither).
FOR_SALE = {"01", "02", "07", "08"}
NOT_FOR_SALE = {"03", "04", "05", "06"}
_ONIX_REGIONS = {"WORLD": "WORLD", "ECZ": "EUROZONE"}
HEADER = "work; rights; territories; languages; exclusivity; period"


def _countries(codes: list[str], regions: list[str]) -> set[str]:
    found = {code for code in codes if code in all_countries()}
    for region in regions:
        if region in _ONIX_REGIONS:
            found |= group_members(_ONIX_REGIONS[region])
    return found


def sales_rights_countries(work: Work) -> frozenset[str]:
    """The countries where ``work`` is for sale by its stored ONIX sales rights."""
    for_sale: set[str] = set()
    not_for_sale: set[str] = set()
    named: set[str] = set()
    rest_of_world_for_sale = False
    for rights in work.sales_rights or []:
        kind = str(rights.get("type", ""))
        if rights.get("rest_of_world"):
            rest_of_world_for_sale |= kind in FOR_SALE
            continue
        countries = _countries(rights.get("countries", []), rights.get("regions", []))
        countries -= _countries(
            rights.get("excluded_countries", []), rights.get("excluded_regions", [])
        )
        named |= countries
        if kind in FOR_SALE:
            for_sale |= countries
        elif kind in NOT_FOR_SALE:
            not_for_sale |= countries
    if rest_of_world_for_sale:
        for_sale |= all_countries() - named
    return frozenset(for_sale - not_for_sale)


def sales_rights_territories(work: Work) -> str:
    """A territory string for the grid ("WORLD ex CN, HK, MO, TW"), or "" without data."""
    return describe_countries(sales_rights_countries(work))


def grid_text(works: list[Work]) -> str:
    """The grid a seller starts from: one translation line per work, every language but
    the original, territories from ONIX; rights, exclusivity and period to be edited."""
    lines = [HEADER]
    for work in works:
        lines.append(
            "; ".join(
                [
                    WorkIndex.key(work),
                    "translation",
                    sales_rights_territories(work),
                    f"L ex {work.original_language}",
                    "either",
                    "",
                ]
            )
        )
    return "\n".join(lines) + "\n"
