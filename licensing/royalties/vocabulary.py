"""What a licensee's file says → the platform's codes, for channel, format and territory.

Files say ``retail``, ``Hard back``, ``Viet Nam``, ``เวียดนาม`` or ``越南``; usage lines
store ``retail``, ``hardback``, ``VN``. A raw value is compared by its *key*
(:func:`value_key`: case-, space- and punctuation-blind; accents are tried with and
without), first in the licensee's own value maps (``UsageValueMap``), then in the
built-in tables below. A value found in neither is *unmapped*: the import holds the row
(``UnmappedRow``) until the licensee maps the value — it never becomes "other".

Built-in tables, built once per process (``functools.cache``) and then plain dict
look-ups, so the per-row cost is a dict hit on a cached raw spelling:

- channel / format: the codes of ``licensing.terms.Channel`` / ``Format``, their
  English labels, and the synonyms in ``data/value_synonyms.json``; a channel column
  naming one of the three old "channels" that are formats (print, ebook, audiobook)
  resolves as ``licensing.terms.LEGACY_CHANNELS`` says; the format it implies (ebook,
  audiobook) is the row's format, the file's format column being a detail of it then.
- territory: ISO 3166-1 alpha-2 and alpha-3 codes and names (pycountry: name, common and
  official name), the country names of Babel's locale data in the 11 interface
  languages and English, and the variants in the JSON file (UK, South Korea, Laos,
  Burma, …). A name two countries share at the same level of trust is left out
  (ambiguous, so the licensee decides), and a more trusted level wins over a less
  trusted one (codes, then the listed variants, then pycountry, then Babel).
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from pathlib import Path

import pycountry
from babel import Locale

from catalog.territories import all_countries
from licensing.royalties.models import UsageValueMap
from licensing.terms import LEGACY_CHANNELS, Channel, Format

CHANNEL, FORMAT, TERRITORY = "channel", "format", "territory"
# The reason of a cell nothing maps (ingest holds such a row, it does not quarantine it).
UNMAPPED = "no mapping for this value"
NO_TERRITORY = "no territory"
KINDS = (CHANNEL, FORMAT, TERRITORY)
# Babel locale identifiers of the interface languages (settings.LANGUAGES) and English.
NAME_LOCALES = ("zh_Hans", "zh_Hant", "en", "vi", "th", "ms", "id", "my", "lo", "fil", "km")
_DATA = Path(__file__).resolve().parent / "data" / "value_synonyms.json"
_DROP = ("P", "Z", "S", "C")  # punctuation, spaces, symbols, control characters


def value_key(raw: str) -> str:
    """The comparison key of a raw value: NFKC, case-folded, only letters, marks and
    digits kept ("Hard-back " → "hardback", "Viet Nam" → "vietnam"). Marks stay: Thai,
    Lao, Khmer and Burmese vowels are marks, and dropping them would merge names."""
    text = unicodedata.normalize("NFKC", raw or "").casefold()
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith(_DROP))


def _bare(key: str) -> str:
    """``key`` without Latin accents ("việtnam" → "vietnam"), for files typed without them."""
    text = unicodedata.normalize("NFKD", key)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    )


def _layered(layers: list[dict[str, set[str]]]) -> dict[str, str]:
    """One table from layers of key → candidate codes, most trusted first: a key keeps
    the code of the first layer naming it, unless that layer names two (then it is
    dropped, and a later layer may not claim it either)."""
    table: dict[str, str] = {}
    taken: set[str] = set()
    for layer in layers:
        for key, codes in layer.items():
            if not key or key in taken:
                continue
            taken.add(key)
            if len(codes) == 1:
                table[key] = next(iter(codes))
    # Accent-free spellings, added only where no exact key exists and they are unambiguous.
    bare: dict[str, set[str]] = {}
    for key, code in table.items():
        bare.setdefault(_bare(key), set()).add(code)
    for key, codes in bare.items():
        if key not in table and key not in taken and len(codes) == 1:
            table[key] = next(iter(codes))
    return table


def _layer(pairs) -> dict[str, set[str]]:
    layer: dict[str, set[str]] = {}
    for name, code in pairs:
        layer.setdefault(value_key(name), set()).add(code)
    return layer


@cache
def _synonyms() -> dict:
    with open(_DATA, encoding="utf-8") as handle:
        return json.load(handle)


@cache
def builtin_table(kind: str) -> dict[str, str]:
    """key → code for ``kind`` (channel, format or territory); built once per process."""
    synonyms = _synonyms()[kind]
    if kind == TERRITORY:
        countries = all_countries()
        codes = []
        names = []
        for country in pycountry.countries:
            codes += [(country.alpha_2, country.alpha_2), (country.alpha_3, country.alpha_2)]
            for attribute in ("name", "common_name", "official_name"):
                if getattr(country, attribute, None):
                    names.append((getattr(country, attribute), country.alpha_2))
        babel = []
        for identifier in NAME_LOCALES:
            for code, name in Locale.parse(identifier).territories.items():
                if code in countries:
                    babel.append((name, code))
                    # "Myanmar (Burma)": the name before the brackets stands alone too.
                    if "(" in name:
                        babel.append((name.split("(")[0], code))
        listed = [(name, code) for code, spellings in synonyms.items() for name in spellings]
        return _layered([_layer(codes), _layer(listed), _layer(names), _layer(babel)])
    choices = Channel if kind == CHANNEL else Format
    own = [(code, code) for code in choices.values if code != "*"]
    labels = [(str(choices(code).label), code) for code in choices.values if code != "*"]
    listed = [(name, code) for code, spellings in synonyms.items() for name in spellings]
    with_labels = _layered([_layer(own), _layer(listed), _layer(labels)])
    return with_labels


def builtin_lookup(kind: str, raw: str) -> str | None:
    """The code the built-in tables give ``raw``, or None."""
    table = builtin_table(kind)
    key = value_key(raw)
    return table.get(key) or table.get(_bare(key))


def legacy_channel(raw: str) -> tuple[str, str] | None:
    """(channel, format) for a channel column naming an old format-as-channel."""
    return LEGACY_CHANNELS.get(value_key(raw))


def channel_label(code: str) -> str:
    """The label of a channel code in the active language; any other value as it is."""
    return str(Channel(code).label) if code in Channel.values else code


def format_label(code: str) -> str:
    """The label of a format code in the active language; any other value as it is."""
    return str(Format(code).label) if code in Format.values else code


def valid_target(kind: str, code: str) -> bool:
    if kind == TERRITORY:
        return code in all_countries()
    choices = Channel if kind == CHANNEL else Format
    return code != "*" and code in choices.values


class ValueResolver:
    """Raw value → code for one licensee: its own maps first, then the built-in tables.

    Built once per import (one query for the licensee's maps); ``resolve`` is then a
    dict look-up of the raw spelling, computed once per distinct spelling (bounded, so
    a file of random values stays small). Returns None for an unmapped value.
    """

    CACHE_LIMIT = 10_000

    def __init__(self, own: dict[str, dict[str, str]] | None = None):
        self.own = {kind: dict((own or {}).get(kind, {})) for kind in KINDS}
        self.seen: dict[str, dict[str, str | None]] = {kind: {} for kind in KINDS}
        self._legacy: dict[str, tuple[str | None, str]] = {}
        self._cells: dict[tuple[str, str, str], tuple] = {}

    def resolve(self, kind: str, raw: str) -> str | None:
        seen = self.seen[kind]
        try:
            return seen[raw]
        except KeyError:
            pass
        key = value_key(raw)
        own = self.own[kind]
        code = own.get(key) or own.get(_bare(key)) or builtin_lookup(kind, raw)
        if len(seen) < self.CACHE_LIMIT:
            seen[raw] = code
        return code

    def channel(self, raw: str) -> tuple[str | None, str]:
        """(channel code or None, the format it implies or "") for a channel cell: an
        old-style "ebook" channel is online + ebook (``LEGACY_CHANNELS``), unless the
        licensee mapped the word itself."""
        code = self.resolve(CHANNEL, raw)
        if code is not None:
            return code, ""
        return self._legacy.get(raw) or self._legacy_of(raw)

    def _legacy_of(self, raw: str) -> tuple[str | None, str]:
        found = legacy_channel(raw) or (None, "")
        if len(self._legacy) < self.CACHE_LIMIT:
            self._legacy[raw] = found
        return found

    def cells(self, territory: str, channel: str, format: str) -> tuple[str, str, str, tuple]:
        """(territory, channel, format, problems) for a row's three raw cells: codes, or
        the raw value with an (field, value, UNMAPPED) problem. An empty channel or format
        is "not said" (""); a channel naming an old format-channel ("ebook") gives the
        format, whatever detail the format column adds ("epub", "mp3").
        Cached per distinct triple: a file repeats a few, so a row costs one dict hit."""
        key = (territory, channel, format)
        found = self._cells.get(key)
        if found is None:
            found = self._cells_of(territory, channel, format)
            if len(self._cells) < self.CACHE_LIMIT:
                self._cells[key] = found
        return found

    def _cells_of(self, territory: str, channel: str, format: str) -> tuple:
        problems = []
        code = self.resolve(TERRITORY, territory)
        if code is None:
            code = territory.strip()
            problems.append(("territory", code, UNMAPPED if code else NO_TERRITORY))
        territory = code
        implied = ""
        if channel.strip():
            code, implied = self.channel(channel)
            if code is None:
                code = channel.strip()
                problems.append(("channel", code, UNMAPPED))
            channel = code
        else:
            channel = ""
        if implied:
            # An old-style file: the product is in the channel column ("audiobook") and the
            # format column holds a detail of it ("mp3"), not another product.
            format = implied
        elif format.strip():
            code = self.resolve(FORMAT, format)
            if code is None:
                code = format.strip()
                problems.append(("format", code, UNMAPPED))
            format = code
        else:
            format = implied
        return territory, channel, format, tuple(problems)


def resolver_for(licensee_id: int) -> ValueResolver:
    """The resolver of one licensee's file: its value maps (one query) over the built-ins."""
    own: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    for kind, value, target in UsageValueMap.objects.filter(licensee_id=licensee_id).values_list(
        "kind", "value", "target"
    ):
        own[kind][value] = target
    return ValueResolver(own)
