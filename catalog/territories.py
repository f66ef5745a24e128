"""Territories: ISO 3166-1 alpha-2 codes plus named groups, with exclusions.

A territory set is written as codes and groups to include and codes to
exclude ("WORLD minus CN"); ``expand`` turns it into the plain set of
countries that rights are actually granted or offered for. Strings such as
"World ex US, CA" are read by ``catalog.territory_strings``.

Continents and the EU come from ICU's copy of the UN M49 / CLDR containment
table (the same data Babel formats names with), cut to ISO 3166-1 countries;
the trade groups ICU does not know (ASEAN, Greater China, Nordic, DACH,
Benelux, ANZ, Commonwealth) and the Eurozone (ICU's is out of date) are short
political lists kept here.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import icu
import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ASEAN = frozenset({"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"})
GREATER_CHINA = frozenset({"CN", "HK", "MO", "TW"})
NORDIC = frozenset({"DK", "FI", "IS", "NO", "SE"})
SCANDINAVIA = frozenset({"DK", "NO", "SE"})
DACH = frozenset({"DE", "AT", "CH"})
BENELUX = frozenset({"BE", "NL", "LU"})
ANZ = frozenset({"AU", "NZ"})
# The 56 member states of the Commonwealth of Nations (2026): the "British Commonwealth"
# of English-language rights contracts.
# Euro area from 1 January 2026 (Bulgaria joined then, Croatia in 2023). ICU 77's "EZ"
# still lists 19, so the list is kept here.
EUROZONE = frozenset("AT BE BG CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK".split())
COMMONWEALTH = frozenset(
    "AG AU BS BD BB BZ BW BN CM CA CY DM SZ FJ GA GM GH GD GY IN JM KE KI LS MW MY MV MT MU "
    "MZ NA NR NZ NG PK PG RW KN LC VC WS SC SL SG SB ZA LK TG TO TT TV UG GB TZ VU ZM".split()
)
_LISTED = {
    "ASEAN": ASEAN,
    "GREATER_CHINA": GREATER_CHINA,
    "NORDIC": NORDIC,
    "SCANDINAVIA": SCANDINAVIA,
    "DACH": DACH,
    "BENELUX": BENELUX,
    "ANZ": ANZ,
    "COMMONWEALTH": COMMONWEALTH,
    "EUROZONE": EUROZONE,
}
# Group code -> ICU region (UN M49 numeric area, or CLDR's EU grouping).
_ICU_REGIONS = {
    "EU": "EU",
    "AFRICA": "002",
    "AMERICAS": "019",
    "NORTH_AMERICA": "021",
    "LATIN_AMERICA": "419",
    "ASIA": "142",
    "EUROPE": "150",
    "OCEANIA": "009",
}

GROUP_LABELS = {
    "WORLD": _("World"),
    "ASEAN": _("ASEAN"),
    "GREATER_CHINA": _("Greater China"),
    "EU": _("European Union"),
    "EUROZONE": _("Eurozone"),
    "AFRICA": _("Africa"),
    "AMERICAS": _("Americas"),
    "NORTH_AMERICA": _("North America"),
    "LATIN_AMERICA": _("Latin America"),
    "ASIA": _("Asia"),
    "EUROPE": _("Europe"),
    "OCEANIA": _("Oceania"),
    "NORDIC": _("Nordic countries"),
    "SCANDINAVIA": _("Scandinavia"),
    "DACH": _("Germany, Austria, Switzerland (DACH)"),
    "BENELUX": _("Benelux"),
    "ANZ": _("Australia and New Zealand"),
    "COMMONWEALTH": _("Commonwealth"),
}


@cache
def all_countries() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


@cache
def _icu_members(region: str) -> frozenset[str]:
    found: set[str] = set()
    pending = [icu.Region.getInstance(region)]
    while pending:
        current = pending.pop()
        if current.getType() == icu.URegionType.TERRITORY:
            found.add(current.getRegionCode())
            continue
        pending += [icu.Region.getInstance(code) for code in current.getContainedRegions()]
    # ICU also knows non-ISO areas (AC Ascension, DG Diego Garcia, QO…): not countries here.
    return frozenset(found & all_countries())


def group_members(code: str) -> frozenset[str] | None:
    if code == "WORLD":
        return all_countries()
    if code in _ICU_REGIONS:
        return _icu_members(_ICU_REGIONS[code])
    return _LISTED.get(code)


def validate_territory(code: str, *, field: str = "territories") -> str:
    code = (code or "").strip().upper()
    if group_members(code) is not None or code in all_countries():
        return code
    raise ValidationError(
        {
            field: gettext(
                "“%(code)s” is not an ISO 3166-1 country code or a known group (%(groups)s)"
            )
            % {"code": code, "groups": ", ".join(GROUP_LABELS)}
        }
    )


def expand(include: Iterable[str], exclude: Iterable[str] = ()) -> frozenset[str]:
    """The countries covered by ``include`` minus ``exclude`` (codes or groups)."""

    def countries(codes: Iterable[str], field: str) -> set[str]:
        result: set[str] = set()
        for raw in codes:
            code = validate_territory(raw, field=field)
            result |= group_members(code) or {code}
        return result

    return frozenset(countries(include, "territories") - countries(exclude, "excluded"))


def country_name(code: str, *, language: str | None = None) -> str:
    """The country's name in the active language (CLDR via Babel), English as fallback."""
    from i18n.formatting import current_locale

    if code in GROUP_LABELS:
        return str(GROUP_LABELS[code])
    name = current_locale(language).territories.get(code)
    if name:
        return name
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code
