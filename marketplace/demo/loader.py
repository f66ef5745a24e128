"""The demo content, read from the JSON files in ``marketplace/demo/content/``.

Everything there is FICTIONAL: organisations, people, titles and identifiers are
invented for demonstration (e-mail and web addresses use ``example.<tld>`` hosts).

- ``parties.json``: rights holders, buyers and banks (``names`` by language code);
- ``hero_works.json``: the hand-written works listed first, titles in every language;
- ``lexicon/<language>.json``: one file per interface language with the words the
  generated works are composed from (nouns, title patterns, synopsis sentences,
  genres, places, themes, motifs, notes), keyed or ordered alike in every file;
- ``fragments.json``: what the lexicon entries mean independent of language
  (subject slugs, creator roles, the English "set in …" phrase of places);
- ``generation.json``: which holders make which works, the title banks per work
  type and the traditional sources of folk-based crafts;
- ``names.json``: given and family names per country for invented creators;
- ``home.json`` and ``news.json``: the CMS home page and news items.

A missing or extra translation fails here, at load time, naming the file and
the entry, rather than showing up as a blank title in the demo.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NotRequired, TypedDict

CONTENT_DIR = Path(__file__).resolve().parent / "content"

# The eleven interface languages, the default first; every title has all of them.
LANGUAGES: tuple[str, ...] = (
    "zh-hans",
    "zh-hant",
    "en",
    "vi",
    "th",
    "ms",
    "id",
    "my",
    "lo",
    "fil",
    "km",
)

Translations = dict[str, str]
NamePair = tuple[str, str]  # (romanised, original script)


class PartyRecord(TypedDict):
    key: str
    kind: str
    category: str
    country: str
    original_name: str
    names: Translations
    email: str
    website: str
    verified: bool


class Folk(TypedDict):
    traditional_element: str
    new_contribution: str


class HeroSpec(TypedDict):
    key: str
    holder: str
    work_type: str
    year: int
    roles: list[str]
    subjects: list[str]
    titles: Translations
    synopsis: Translations
    folk: NotRequired[Folk]


class Fragment(TypedDict):
    """A translated phrase of a synopsis with what it means for the work."""

    text: Translations
    subjects: list[str]
    roles: list[list[str]]  # creator role options (genres only)
    en_at: str  # English phrase with its preposition, "on a tea plantation" (places)


class TitleBank(TypedDict):
    nouns: list[str]
    modifiers: list[str]
    patterns: list[tuple[str, int]]  # ("mod" | "pair" | a wrapper, weight)


@dataclass(frozen=True)
class Lexicon:
    """Translated building blocks of generated titles and synopses."""

    nouns: dict[str, Translations]
    modifiers: dict[str, Translations]  # "{n}" is the noun
    wrappers: dict[str, Translations]  # "{n}" is the noun
    pair: Translations  # "The {a} and the {b}"
    volume: Translations  # "{t} (Vol. {k})", only when a title would repeat
    synopsis_templates: dict[str, Translations]
    genres: dict[str, list[Fragment]]
    places: list[Fragment]
    themes: list[Fragment]
    motifs: list[Fragment]
    notes: dict[str, list[Translations]]


@dataclass(frozen=True)
class Generation:
    """What the work generator may combine."""

    country_language: dict[str, str]
    category_types: dict[str, tuple[str, ...]]
    creator_specialties: dict[str, tuple[str, ...]]
    title_banks: dict[str, TitleBank]
    place_nouns: frozenset[str]
    place_wrappers: frozenset[str]
    modifier_excludes: dict[str, frozenset[str]]
    synopsis_template_for_type: dict[str, str]
    visual_places: tuple[int, ...]  # indices into Lexicon.places
    craft_genres: dict[str, tuple[str, ...]]
    default_craft_genres: tuple[str, ...]
    traditional_elements: dict[str, str]
    new_contributions: tuple[str, ...]


@dataclass(frozen=True)
class Names:
    """Name parts per country: pairs where the original script differs, else plain names."""

    pairs: dict[str, dict[str, tuple[NamePair, ...]]]
    plain: dict[str, dict[str, tuple[str, ...]]]
    full_names: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Content:
    rights_holders: list[PartyRecord]
    buyers: list[PartyRecord]
    banks: list[PartyRecord]
    hero_works: list[HeroSpec]
    lexicon: Lexicon
    generation: Generation
    names: Names
    home: dict[str, Translations]
    news: list[dict[str, Any]]


class ContentError(ValueError):
    """A demo content file is missing an entry or a translation."""


def _read(name: str) -> Any:
    return json.loads((CONTENT_DIR / name).read_text(encoding="utf-8"))


def _translations(value: dict[str, str], where: str) -> Translations:
    missing = [lang for lang in LANGUAGES if lang not in value]
    extra = [lang for lang in value if lang not in LANGUAGES]
    if missing or extra:
        raise ContentError(f"{where}: missing {missing}, unknown {extra}")
    return {lang: value[lang] for lang in LANGUAGES}


def _by_language(files: dict[str, Any], where: str) -> Any:
    """Turn one value per language file into one translation per entry.

    Every language file must have the same shape (same keys, same list lengths)
    as the first; strings become ``{language: text}``.
    """
    first = files[LANGUAGES[0]]
    if isinstance(first, str):
        return _translations(files, where)
    if isinstance(first, list):
        for lang, value in files.items():
            if len(value) != len(first):
                raise ContentError(
                    f"lexicon/{lang}.json {where}: {len(value)} entries, "
                    f"lexicon/{LANGUAGES[0]}.json has {len(first)}"
                )
        return [
            _by_language({lang: v[i] for lang, v in files.items()}, f"{where}[{i}]")
            for i in range(len(first))
        ]
    for lang, value in files.items():
        if value.keys() != first.keys():
            raise ContentError(
                f"lexicon/{lang}.json {where}: keys {sorted(value.keys() ^ first.keys())} "
                f"differ from lexicon/{LANGUAGES[0]}.json"
            )
    return {
        key: _by_language({lang: v[key] for lang, v in files.items()}, f"{where}.{key}")
        for key in first
    }


def _fragments(texts: list[Translations], meanings: list[dict[str, Any]], where: str):
    if len(texts) != len(meanings):
        raise ContentError(f"{where}: {len(texts)} in the lexicon, {len(meanings)} in fragments")
    return [
        Fragment(
            text=text,
            subjects=meaning["subjects"],
            roles=meaning.get("roles", []),
            en_at=meaning.get("en_at") or f"in {text['en']}",
        )
        for text, meaning in zip(texts, meanings, strict=True)
    ]


def _lexicon() -> Lexicon:
    words = _by_language({lang: _read(f"lexicon/{lang}.json") for lang in LANGUAGES}, "")
    meanings = _read("fragments.json")
    return Lexicon(
        nouns=words["nouns"],
        modifiers=words["modifiers"],
        wrappers=words["wrappers"],
        pair=words["pair"],
        volume=words["volume"],
        synopsis_templates=words["synopsis_templates"],
        genres={
            work_type: _fragments(texts, meanings["genres"][work_type], f"genres.{work_type}")
            for work_type, texts in words["genres"].items()
        },
        places=_fragments(words["places"], meanings["places"], "places"),
        themes=_fragments(words["themes"], meanings["themes"], "themes"),
        motifs=_fragments(words["motifs"], meanings["motifs"], "motifs"),
        notes=words["notes"],
    )


def _generation() -> Generation:
    raw = _read("generation.json")
    return Generation(
        country_language=raw["country_language"],
        category_types={k: tuple(v) for k, v in raw["category_types"].items()},
        creator_specialties={k: tuple(v) for k, v in raw["creator_specialties"].items()},
        title_banks={
            work_type: TitleBank(
                nouns=bank["nouns"],
                modifiers=bank["modifiers"],
                patterns=[(name, weight) for name, weight in bank["patterns"]],
            )
            for work_type, bank in raw["title_banks"].items()
        },
        place_nouns=frozenset(raw["place_nouns"]),
        place_wrappers=frozenset(raw["place_wrappers"]),
        modifier_excludes={k: frozenset(v) for k, v in raw["modifier_excludes"].items()},
        synopsis_template_for_type=raw["synopsis_template_for_type"],
        visual_places=tuple(raw["visual_places"]),
        craft_genres={k: tuple(v) for k, v in raw["craft_genres"].items()},
        default_craft_genres=tuple(raw["default_craft_genres"]),
        traditional_elements=raw["traditional_elements"],
        new_contributions=tuple(raw["new_contributions"]),
    )


def _names() -> Names:
    raw = _read("names.json")
    full_names = raw.pop("full_names")
    pairs: dict[str, dict[str, tuple[NamePair, ...]]] = {}
    plain: dict[str, dict[str, tuple[str, ...]]] = {}
    for country, parts in raw.items():
        for part, values in parts.items():
            if isinstance(values[0], list):
                pairs.setdefault(country, {})[part] = tuple((a, b) for a, b in values)
            else:
                plain.setdefault(country, {})[part] = tuple(values)
    return Names(pairs=pairs, plain=plain, full_names={k: tuple(v) for k, v in full_names.items()})


@cache
def demo_content() -> Content:
    """All demo content, read and checked once per process."""
    parties = _read("parties.json")
    heroes: list[HeroSpec] = _read("hero_works.json")
    for hero in heroes:
        hero["titles"] = _translations(hero["titles"], f"hero_works.json {hero['key']}.titles")
    home = _read("home.json")
    news = _read("news.json")
    for item in news:
        for field in ("title", "summary"):
            item[field] = _translations(item[field], f"news.json {item['key']}.{field}")
    return Content(
        rights_holders=parties["rights_holders"],
        buyers=parties["buyers"],
        banks=parties["banks"],
        hero_works=heroes,
        lexicon=_lexicon(),
        generation=_generation(),
        names=_names(),
        home={key: _translations(value, f"home.json {key}") for key, value in home.items()},
        news=news,
    )
