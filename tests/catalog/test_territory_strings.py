"""Territory strings ("World ex US, CA") read into codes, groups and the countries they cover."""

from __future__ import annotations

import pytest

from catalog.territories import all_countries, expand, group_members
from catalog.territory_strings import (
    TerritoryStringError,
    describe_countries,
    parse_territories,
)

WORLD = all_countries()

# (string, include, exclude, number of countries covered)
GOOD = [
    ("World ex US, CA", ("WORLD",), ("US", "CA"), len(WORLD) - 2),
    ("ASEAN", ("ASEAN",), (), 10),
    ("Greater China", ("GREATER_CHINA",), (), 4),
    ("GREATER_CHINA", ("GREATER_CHINA",), (), 4),
    ("EU", ("EU",), (), 27),
    ("European Union ex DE", ("EU",), ("DE",), 26),
    ("World excluding DK, SE", ("WORLD",), ("DK", "SE"), len(WORLD) - 2),
    ("TH, VN, MY", ("TH", "VN", "MY"), (), 3),
    ("Asia ex JP", ("ASIA",), ("JP",), len(group_members("ASIA")) - 1),
    ("World except CN", ("WORLD",), ("CN",), len(WORLD) - 1),
    ("World - US", ("WORLD",), ("US",), len(WORLD) - 1),
    ("World -US, -CA", ("WORLD",), ("US", "CA"), len(WORLD) - 2),
    ("world ex. us", ("WORLD",), ("US",), len(WORLD) - 1),
    ("World excl. US, excl. Canada", ("WORLD",), ("US", "CA"), len(WORLD) - 2),
    ("Worldwide without EU", ("WORLD",), ("EU",), len(WORLD) - 27),
    ("USA, GBR, DEU", ("US", "GB", "DE"), (), 3),
    ("Viet Nam, Vietnam, South Korea", ("VN", "KR"), (), 2),
    ("Trinidad and Tobago", ("TT",), (), 1),
    ("US and CA", ("US", "CA"), (), 2),
    ("UK & Commonwealth", ("GB", "COMMONWEALTH"), (), 56),
    ("Hong Kong / Macau / Taiwan", ("HK", "MO", "TW"), (), 3),
    ("th + vn", ("TH", "VN"), (), 2),
    ("Latin America", ("LATIN_AMERICA",), (), len(group_members("LATIN_AMERICA"))),
    ("Nordic ex IS", ("NORDIC",), ("IS",), 4),
    ("Eurozone", ("EUROZONE",), (), 21),
    ("Asia ex JP except KR", ("ASIA",), ("JP", "KR"), len(group_members("ASIA")) - 2),
    ("Russia, Türkiye, Côte d'Ivoire", ("RU", "TR", "CI"), (), 3),
    ("TH, VN,", ("TH", "VN"), (), 2),
]

# (string, the token every error must name)
BAD = [
    ("", ""),
    ("Narnia", "Narnia"),
    ("TH, XX, VN", "XX"),
    ("World ex QQ", "QQ"),
    ("GB-EWS", "GB-EWS"),
    ("US,,CA", ",,"),
    (",US", ","),
    ("ex US", "ex"),
    ("-US", "-"),
    ("World ex", "ex"),
    ("World excluding", "excluding"),
    ("ASEAN ex JP", "JP"),
    ("ASEAN ex ASEAN", "ASEAN ex ASEAN"),
    ("Asia ex Atlantis", "Atlantis"),
    ("US and Narnia", "Narnia"),
    ("ABCD", "ABCD"),
]


@pytest.mark.parametrize(("text", "include", "exclude", "count"), GOOD)
def test_territory_strings_are_read(text, include, exclude, count):
    parsed = parse_territories(text)

    assert parsed.include == include
    assert set(parsed.exclude) == set(exclude)
    assert len(parsed.countries) == count
    assert parsed.countries == expand(parsed.include, parsed.exclude)


@pytest.mark.parametrize(("text", "token"), BAD)
def test_each_error_names_the_offending_token(text, token):
    with pytest.raises(TerritoryStringError) as caught:
        parse_territories(text)

    assert [error.token for error in caught.value.errors] == [token]
    assert f"“{token}”" in caught.value.errors[0].message or token == ""


def test_every_bad_token_is_reported_at_once():
    with pytest.raises(TerritoryStringError) as caught:
        parse_territories("XX, TH, YY ex ZZ")

    assert [error.token for error in caught.value.errors] == ["XX", "YY", "ZZ"]


def test_the_canonical_form_reads_back_the_same():
    parsed = parse_territories("World excluding DK, SE")

    assert str(parsed) == "WORLD ex DK, SE"
    assert parse_territories(str(parsed)) == parsed


def test_at_least_thirty_strings_are_covered():
    assert len(GOOD) + len(BAD) >= 30


@pytest.mark.parametrize(
    ("countries", "expected"),
    [
        (WORLD - {"CN", "HK", "MO", "TW"}, "WORLD ex CN, HK, MO, TW"),
        (group_members("ASEAN"), "ASEAN"),
        (group_members("ASEAN") - {"SG"}, "ASEAN ex SG"),
        ({"VN", "LA", "KH"}, "KH, LA, VN"),
        (set(), ""),
    ],
)
def test_a_country_set_is_described_shortly(countries, expected):
    assert describe_countries(countries) == expected
    if expected:
        assert parse_territories(expected).countries == frozenset(countries)
