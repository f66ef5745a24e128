"""Territories: ISO 3166-1 alpha-2 codes plus named groups, with exclusions.

A territory set is written as codes and groups to include and codes to
exclude ("WORLD minus CN"); ``expand`` turns it into the plain set of
countries that rights are actually granted or offered for.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ASEAN = frozenset({"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"})
GREATER_CHINA = frozenset({"CN", "HK", "MO", "TW"})

GROUP_LABELS = {
    "WORLD": _("World"),
    "ASEAN": _("ASEAN"),
    "GREATER_CHINA": _("Greater China"),
}


@cache
def all_countries() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


def group_members(code: str) -> frozenset[str] | None:
    return {"WORLD": all_countries(), "ASEAN": ASEAN, "GREATER_CHINA": GREATER_CHINA}.get(code)


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
