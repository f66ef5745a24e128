"""Territory strings as rights people write them: "World ex US, CA", "Asia ex JP", "ASEAN".

Grammar (case and spacing do not matter)::

    territories := items [EXCLUSION items]
    items       := item ("," | "/" | "+" | "&" | " and ") item …
    EXCLUSION   := "ex" | "ex." | "excl" | "excl." | "excluding" | "except" | "without" | " - "

An item is a group code or name (``catalog.territories.GROUP_LABELS``: WORLD, ASEAN,
GREATER_CHINA, EU, ASIA …), an ISO 3166-1 alpha-2 or alpha-3 code, or a country's
English name ("Viet Nam", "Vietnam", "South Korea"). Everything after the first
exclusion keyword is excluded, so "World excl. US, excl. Canada" reads as
``WORLD`` minus ``US`` and ``CA``.

The parser reads the whole string and reports every bad token at once, each with the
token itself, so a bulk preview can show them all. ``format_territories`` writes the
canonical form back ("WORLD ex CA, US") and ``describe_countries`` finds a short form
for a plain set of countries (used to pre-fill listings from ONIX sales rights).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry
from babel import Locale
from django.utils.translation import gettext

from catalog.territories import GROUP_LABELS, all_countries, group_members

# ISO 3166 "exceptionally reserved" codes that rights sheets use for real countries.
_CODE_ALIASES = {"UK": "GB", "EL": "GR"}
# Spellings common in rights contracts that neither pycountry nor CLDR lists.
_NAME_ALIASES = {
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "usa": "US",
    "america": "US",
    "holland": "NL",
    "turkey": "TR",
    "ivory coast": "CI",
    "burma": "MM",
    "macau": "MO",
    "east timor": "TL",
    "swaziland": "SZ",
    "vatican": "VA",
    "palestine": "PS",
    "korea": "KR",
    "mainland china": "CN",
    "prc": "CN",
}
_GROUP_ALIASES = {
    "WORLDWIDE": "WORLD",
    "WORLD_RIGHTS": "WORLD",
    "ALL_TERRITORIES": "WORLD",
    "EUROPEAN_UNION": "EU",
    "EURO_AREA": "EUROZONE",
    "EURO_ZONE": "EUROZONE",
    "NORDICS": "NORDIC",
    "NORDIC_COUNTRIES": "NORDIC",
    "SOUTH_EAST_ASIA": "ASEAN",
    "SOUTHEAST_ASIA": "ASEAN",
    "AUSTRALIA_AND_NEW_ZEALAND": "ANZ",
    "AUSTRALASIA": "ANZ",
    "BRITISH_COMMONWEALTH": "COMMONWEALTH",
    "LATAM": "LATIN_AMERICA",
}

_EXCLUSION = re.compile(
    r"(?:^|\s)(?:ex\.?|excl\.?|excluding|except|without)(?=\s|$)|\s-\s*|^-\s*", re.IGNORECASE
)
_SEPARATOR = re.compile(r"[,/+]")
_CONJUNCTION = re.compile(r"\s*&\s*|\s+and\s+", re.IGNORECASE)


@dataclass(frozen=True)
class TokenError:
    """One refused token and why; ``message`` already names the token."""

    token: str
    message: str


@dataclass(frozen=True)
class ParsedTerritories:
    include: tuple[str, ...]  # codes and groups, in the order written, no duplicates
    exclude: tuple[str, ...]
    countries: frozenset[str]

    def __str__(self) -> str:
        return format_territories(self.include, self.exclude)


class TerritoryStringError(ValueError):
    def __init__(self, errors: list[TokenError]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[’'`.()]", "", text.casefold())
    text = re.sub(r"\s+", " ", text).strip()
    return text.removeprefix("the ")


@cache
def _names() -> dict[str, str]:
    """English country names (pycountry's official/common names and CLDR's) → alpha-2."""
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if value := getattr(country, attr, None):
                index[_normalise(value)] = country.alpha_2
    for code, name in Locale("en").territories.items():
        if code in all_countries():
            index.setdefault(_normalise(name), code)
            # CLDR writes "Myanmar (Burma)", "Hong Kong SAR China": the short form too.
            short = re.sub(r"\s*\(.*\)|\s+sar china$", "", name, flags=re.IGNORECASE)
            index.setdefault(_normalise(short), code)
    index.update(_NAME_ALIASES)
    return index


def _group_code(token: str) -> str | None:
    key = re.sub(r"[\s\-]+", "_", token.strip().upper())
    key = _GROUP_ALIASES.get(key, key)
    if key in GROUP_LABELS:
        return key
    by_label = {_normalise(str(label)): code for code, label in _english_group_labels().items()}
    return by_label.get(_normalise(token))


@cache
def _english_group_labels() -> dict[str, str]:
    from django.utils import translation

    with translation.override("en"):
        return {code: str(label) for code, label in GROUP_LABELS.items()}


def resolve_territory(token: str) -> str:
    """The code or group a single token names; ValueError with a message naming it."""
    text = token.strip()
    if not text:
        raise ValueError(gettext("an empty territory between separators"))
    upper = text.upper()
    if len(upper) == 2 and upper.isalpha():
        code = _CODE_ALIASES.get(upper, upper)
        if code in all_countries():
            return code
    if group := _group_code(text):
        return group
    if len(upper) == 3 and upper.isalpha():
        country = pycountry.countries.get(alpha_3=upper)
        if country is not None:
            return country.alpha_2
    if code := _names().get(_normalise(text)):
        return code
    raise ValueError(
        gettext("“%(token)s” is not a country (ISO 3166 code or English name) or a territory group")
        % {"token": text}
    )


def _resolve_item(item: str, errors: list[TokenError]) -> list[str]:
    """One comma-separated item; "Trinidad and Tobago" is a name, "US and CA" two codes."""
    try:
        return [resolve_territory(item)]
    except ValueError as whole:
        parts = [p for p in _CONJUNCTION.split(item) if p.strip()]
        if len(parts) < 2:
            errors.append(TokenError(item.strip(), str(whole)))
            return []
    codes = []
    for part in parts:
        try:
            codes.append(resolve_territory(part))
        except ValueError as exc:
            errors.append(TokenError(part.strip(), str(exc)))
    return codes


def parse_territories(text: str) -> ParsedTerritories:
    """Read a territory string; TerritoryStringError lists every bad token."""
    text = (text or "").strip()
    if not text:
        raise TerritoryStringError(
            [TokenError("", gettext("no territory given: write e.g. “World ex US, CA”"))]
        )
    pieces = _EXCLUSION.split(text)
    keywords = [m.group(0).strip() or "-" for m in _EXCLUSION.finditer(text)]
    errors: list[TokenError] = []
    include: list[str] = []
    exclude: list[str] = []
    for index, piece in enumerate(pieces):
        target = include if index == 0 else exclude
        items = _SEPARATOR.split(piece)
        for position, item in enumerate(items):
            if not item.strip():
                # A trailing comma before "ex" or the end is harmless; two in a row are not.
                if position == len(items) - 1 and len(items) > 1:
                    continue
                if index == 0 and not piece.strip() and len(pieces) > 1:
                    errors.append(
                        TokenError(
                            keywords[0],
                            gettext(
                                "“%(token)s” has nothing to exclude from: "
                                "write e.g. “World %(token)s US”"
                            )
                            % {"token": keywords[0]},
                        )
                    )
                    break
                if index > 0 and not piece.strip():
                    keyword = keywords[index - 1]
                    errors.append(
                        TokenError(
                            keyword,
                            gettext("“%(token)s” is not followed by any territory")
                            % {"token": keyword},
                        )
                    )
                    break
                pair = re.search(r"[,/+]\s*[,/+]|^\s*[,/+]", piece)
                token = pair.group(0).strip() if pair else piece.strip()
                errors.append(
                    TokenError(
                        token,
                        gettext("“%(token)s”: a separator with no territory before it")
                        % {"token": token},
                    )
                )
                continue
            for code in _resolve_item(item, errors):
                if code not in target:
                    target.append(code)
    included = set()
    for code in include:
        included |= group_members(code) or {code}
    for code in exclude:
        members = group_members(code) or {code}
        if included and not members & included:
            errors.append(
                TokenError(
                    code,
                    gettext("“%(token)s” is excluded but not inside the territories included")
                    % {"token": code},
                )
            )
    countries = frozenset(included - {c for x in exclude for c in (group_members(x) or {x})})
    if not errors and not countries:
        errors.append(
            TokenError(
                text,
                gettext("“%(token)s” leaves no country after the exclusions") % {"token": text},
            )
        )
    if errors:
        raise TerritoryStringError(errors)
    return ParsedTerritories(tuple(include), tuple(exclude), countries)


def format_territories(include: tuple[str, ...] | list[str], exclude=()) -> str:
    """The canonical string: "WORLD ex CA, US"; parse_territories reads it back."""
    text = ", ".join(include)
    return f"{text} ex {', '.join(sorted(exclude))}" if exclude else text


def describe_countries(countries: frozenset[str] | set[str]) -> str:
    """A short territory string for a plain set of countries: a group, a group minus a few
    countries, or the codes themselves — whichever is shortest."""
    countries = frozenset(countries)
    if not countries:
        return ""
    candidates = [", ".join(sorted(countries))]
    for group in GROUP_LABELS:
        members = group_members(group)
        if countries <= members:
            missing = members - countries
            candidates.append(format_territories([group], sorted(missing)))
    return min(candidates, key=lambda text: (text.count(",") + text.count(" ex "), len(text)))
