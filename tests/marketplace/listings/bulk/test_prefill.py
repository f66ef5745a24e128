"""ONIX sales rights pre-fill the bulk grid's territory column."""

from __future__ import annotations

import pytest

from catalog.models import Work
from catalog.territories import all_countries, group_members
from marketplace.listings.bulk.prefill import grid_text, sales_rights_countries
from marketplace.listings.bulk.services import bulk_preview
from marketplace.listings.bulk.sheet import read_text


def _rights(kind, countries=(), regions=(), excluded=(), rest_of_world=False):
    return {
        "type": kind,
        "countries": list(countries),
        "regions": list(regions),
        "excluded_countries": list(excluded),
        "excluded_regions": [],
        "rest_of_world": rest_of_world,
    }


@pytest.mark.parametrize(
    ("sales_rights", "expected"),
    [
        ([], set()),
        ([_rights("01", ["VN", "LA", "KH"])], {"VN", "LA", "KH"}),
        (
            [_rights("01", ["CN"]), _rights("02", regions=["WORLD"], excluded=["CN", "TW"])],
            all_countries() - {"TW"},
        ),
        (
            [_rights("01", ["TH"]), _rights("03", ["US"]), _rights("02", rest_of_world=True)],
            all_countries() - {"US"},
        ),
        ([_rights("03", ["US"])], set()),
        ([_rights("01", ["DE"], regions=["ECZ", "GB-EWS"])], {"DE"} | group_members("EUROZONE")),
        ([_rights("00", ["FR"])], set()),
    ],
)
def test_for_sale_countries(sales_rights, expected):
    countries = sales_rights_countries(Work(sales_rights=sales_rights))

    assert countries == frozenset(expected)


def test_the_grid_is_prefilled_from_sales_rights_and_previews_clean(seller, works):
    user, _ = seller

    text = grid_text(works)

    lines = text.splitlines()
    assert lines[0] == "work; rights; territories; languages; exclusivity; period"
    assert lines[2] == f"#{works[1].pk}; translation; WORLD ex HK, MO, TW; L ex zh-hans; either; "
    assert lines[1].split("; ")[2] == ""  # no ONIX data: the seller names the territory
    rows, sheet_errors = read_text(text, works=[])
    assert sheet_errors == []
    preview = bulk_preview(user=user, rows=rows, currency="USD")
    by_line = {line.line: line for line in preview.lines}
    assert by_line[3].errors == [] and by_line[3].data.excluded_territories == ["HK", "MO", "TW"]
    assert [(e.line, e.column) for e in preview.errors] == [(2, "territories"), (4, "territories")]
