"""ONIX sales rights as Work.sales_rights holds them (catalog/onix/parser.py reads a
<SalesRights> composite into one of these dicts)."""

from __future__ import annotations

GREATER_CHINA = ["CN", "TW", "HK", "MO"]


def sales_right(
    type_: str,
    *,
    countries=(),
    regions=(),
    excluded_countries=(),
    excluded_regions=(),
    rest_of_world: bool = False,
) -> dict:
    return {
        "type": type_,
        "countries": list(countries),
        "regions": list(regions),
        "excluded_countries": list(excluded_countries),
        "excluded_regions": list(excluded_regions),
        "rest_of_world": rest_of_world,
    }


def world_except_greater_china() -> dict:
    """For sale (type 02, non-exclusive) everywhere outside mainland China, Taiwan, Hong Kong
    and Macau."""
    return sales_right("02", regions=["WORLD"], excluded_countries=GREATER_CHINA)


def china_exclusive_world_otherwise() -> list[dict]:
    """Exclusive in China (type 01), non-exclusive in the rest of the world: the sales rights
    of the reference ONIX file's Chinese title (tests/catalog/onix/)."""
    return [sales_right("01", countries=["CN"]), world_except_greater_china()]
