"""Demo works: the hero works first, then works composed from the lexicon.

``generate_works(n, seed)`` returns a deterministic list of at least ``n`` work
dicts with ``key``, ``holder`` (a rights holder key), ``work_type``,
``country_of_origin``, ``original_language``, ``original_title``, ``titles`` (all
eleven languages), ``synopsis`` (original language, ``en`` and ``zh-hans`` at
least), ``subjects``, ``created_on``/``published_on`` (ISO dates), ``creators``,
``shares`` (percent strings summing to exactly 100) and ``featured``; plus
``isbn``, ``isrc``, ``iswc`` and ``folk`` where they apply. The words come from
``marketplace/demo/content/`` (see ``marketplace.demo.loader``); the numbers
that shape the catalogue (type mix, ISBN groups, dates) are here.
"""

from __future__ import annotations

import random
import zlib
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from stdnum import ean

from catalog.identifiers import iswc_check_digit
from marketplace.demo.loader import (
    LANGUAGES,
    Content,
    HeroSpec,
    NamePair,
    Names,
    PartyRecord,
    Translations,
    demo_content,
)


def _person_name(names: Names, country: str, rng: random.Random) -> NamePair:
    """A fictional personal name as (romanised, original script) for ``country``."""
    pairs, plain = names.pairs.get(country, {}), names.plain.get(country, {})
    if country in ("CN", "KH"):  # family name first
        family, given = rng.choice(pairs["family"]), rng.choice(pairs["given"])
        joiner = "" if country == "CN" else " "
        return f"{family[0]} {given[0]}", family[1] + joiner + given[1]
    if country in ("TH", "LA"):
        given, family = rng.choice(pairs["given"]), rng.choice(pairs["family"])
        return f"{given[0]} {family[0]}", f"{given[1]} {family[1]}"
    if country == "VN":  # family name first, written as romanised
        name = f"{rng.choice(plain['family'])} {rng.choice(plain['given'])}"
        return name, name
    if country in ("ID", "PH"):
        name = f"{rng.choice(plain['given'])} {rng.choice(plain['family'])}"
        return name, name
    if country == "MM":  # no family names: two or three name parts
        parts = [rng.choice(pairs["first"]), rng.choice(pairs["more"])]
        if rng.random() < 0.4:
            parts.append(rng.choice(pairs["more"]))
        return " ".join(p[0] for p in parts), "".join(p[1] for p in parts)
    name = rng.choice(names.full_names[country])
    return name, name


# --------------------------------------------------------------------------------------
# Identifiers
# --------------------------------------------------------------------------------------

# ISBN registration group and the digits used for publisher code and item number.
_ISBN_GROUPS: dict[str, tuple[str, int, int]] = {
    "CN": ("7", 4, 4),
    "VN": ("604", 3, 3),
    "TH": ("616", 3, 3),
    "MY": ("967", 3, 3),
    "ID": ("623", 3, 3),
    "MM": ("99971", 2, 2),
    "LA": ("9932", 2, 3),
    "PH": ("621", 3, 3),
    "KH": ("9924", 2, 3),
    "SG": ("981", 3, 3),
    "BN": ("99917", 2, 2),
}

_ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def format_iswc(digits: str) -> str:
    """``T-DDD.DDD.DDD-C`` for nine digits, with the check digit computed."""
    return f"T-{digits[:3]}.{digits[3:6]}.{digits[6:]}-{iswc_check_digit(digits)}"


def _crc(text: str) -> int:
    """Stable (unlike ``hash``) number derived from a string."""
    return zlib.crc32(text.encode("utf-8"))


def _isrc_registrant(holder_key: str) -> str:
    """A stable three-character ISRC registrant code derived from the holder key."""
    value = _crc(holder_key)
    first = _ALNUM[value % 24]  # a letter
    value //= 24
    return first + _ALNUM[value % 34] + _ALNUM[(value // 34) % 34]


# --------------------------------------------------------------------------------------
# Work generation
# --------------------------------------------------------------------------------------

_TYPE_SHARES: tuple[tuple[str, float], ...] = (
    ("literary", 0.35),
    ("comic", 0.20),
    ("music", 0.15),
    ("audiovisual", 0.10),
    ("craft", 0.11),
    ("fine_art", 0.05),
    ("photography", 0.04),
)
_PUBLISHED_LIMIT = date(2026, 6, 30)
_FOLK_SHARE = 0.1  # generated craft works by collectives; with the hero works ~1/3 overall
_SPLIT_SHARE = 0.22  # organisations' works whose ownership is split with creators


def _cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _uniq(items: list[str]) -> list[str]:
    """Drop repeated items, keeping the first occurrence."""
    return list(dict.fromkeys(items))


class _Generator:
    """Builds works with one seeded RNG, keeping titles and identifiers unique."""

    def __init__(self, content: Content, seed: int) -> None:
        self.content = content
        self.lex = content.lexicon
        self.gen = content.generation
        self.rng = random.Random(seed)
        self.holders = {h["key"]: h for h in self.content.rights_holders}
        self.counts: dict[str, int] = {key: 0 for key in self.holders}
        self.original_titles: set[str] = set()
        self.english_titles: set[str] = set()
        self.isbns: set[str] = set()
        self.isrcs: set[str] = set()
        self.iswcs: set[str] = set()
        self.isbn_next: dict[str, int] = {}
        self.isrc_next: dict[str, int] = {}
        self.people: dict[str, list[NamePair]] = {}
        self.music_works = 0

    # -- parties ----------------------------------------------------------------------
    def _pool(self, country: str) -> list[NamePair]:
        if country not in self.people:
            pool: list[NamePair] = []
            for _ in range(200):
                person = _person_name(self.content.names, country, self.rng)
                if person not in pool:
                    pool.append(person)
                if len(pool) == 12:
                    break
            self.people[country] = pool
        return self.people[country]

    def _creators(self, holder: PartyRecord, roles: tuple[str, ...]) -> list[dict[str, str]]:
        country = holder["country"]
        people = self.rng.sample(self._pool(country), len(roles))
        creators = [
            {"name": name, "original_name": original, "role": role, "country": country}
            for (name, original), role in zip(people, roles, strict=True)
        ]
        if holder["kind"] == "person":
            creators[0]["name"] = holder["names"]["en"]
            creators[0]["original_name"] = holder["original_name"]
        return creators

    def _shares(
        self,
        holder: PartyRecord,
        creators: list[dict[str, str]],
    ) -> list[dict[str, Any]]:
        rng = self.rng
        if holder["kind"] == "person" or rng.random() >= _SPLIT_SHARE:
            return [{"party": "holder", "right": "all", "percent": "100"}]
        parties: list[str | int]
        if len(creators) >= 2 and rng.random() < 0.5:
            split = rng.choice(
                (("50", "30", "20"), ("40", "30", "30"), ("33.34", "33.33", "33.33"))
            )
            parties = ["holder", 0, 1]
        else:
            split = rng.choice((("60", "40"), ("70", "30"), ("50", "50"), ("75", "25")))
            parties = ["holder", 0]
        assert sum(Decimal(p) for p in split) == Decimal("100")
        return [
            {"party": party, "right": "all", "percent": percent}
            for party, percent in zip(parties, split, strict=True)
        ]

    def _pick_holder(self, work_type: str) -> PartyRecord:
        best: tuple[float, str] | None = None
        for key, holder in self.holders.items():
            if work_type not in self._work_types(holder):
                continue
            weight = 0.5 if holder["kind"] == "person" else 1.0
            score = self.counts[key] / weight + self.rng.random() * 0.01
            if best is None or score < best[0]:
                best = (score, key)
        if best is None:
            raise ValueError(f"no rights holder can list {work_type!r} works")
        return self.holders[best[1]]

    def _work_types(self, holder: PartyRecord) -> tuple[str, ...]:
        """Work types a rights holder may list (publishers → books and comics, …)."""
        if holder["category"] == "creator" and holder["key"] in self.gen.creator_specialties:
            return self.gen.creator_specialties[holder["key"]]
        return self.gen.category_types.get(holder["category"], ())

    # -- identifiers ------------------------------------------------------------------
    def _isbn(self, holder: PartyRecord) -> str:
        group, pub_len, item_len = _ISBN_GROUPS[holder["country"]]
        value = _crc(holder["key"])
        publisher = str(value % 10**pub_len).zfill(pub_len)
        item = self.isbn_next.get(holder["key"], (value // 7) % (10**item_len // 2))
        while True:
            first12 = "978" + group + publisher + str(item % 10**item_len).zfill(item_len)
            isbn = first12 + ean.calc_check_digit(first12)  # an ISBN-13 is an EAN-13
            item += 1
            if isbn not in self.isbns:
                self.isbn_next[holder["key"]] = item
                self.isbns.add(isbn)
                return isbn

    def _isrc(self, holder: PartyRecord, year: int) -> str:
        seq = self.isrc_next.get(holder["key"], _crc(holder["key"]) % 900 + 1)
        while True:
            isrc = f"{holder['country']}{_isrc_registrant(holder['key'])}{year % 100:02d}{seq:05d}"
            seq += 1
            if isrc not in self.isrcs:
                self.isrc_next[holder["key"]] = seq
                self.isrcs.add(isrc)
                return isrc

    def _iswc(self) -> str:
        while True:
            iswc = format_iswc(f"{self.rng.randrange(10**7, 10**9):09d}")
            if iswc not in self.iswcs:
                self.iswcs.add(iswc)
                return iswc

    # -- titles and synopses ----------------------------------------------------------
    def _compose_title(self, work_type: str) -> tuple[Translations, list[str]]:
        bank = self.gen.title_banks[work_type]
        rng = self.rng
        nouns: tuple[str, ...] = bank["nouns"]
        patterns = [p for p, _ in bank["patterns"]]
        weights = [w for _, w in bank["patterns"]]
        pattern = rng.choices(patterns, weights)[0]
        if pattern == "mod":
            modifier = rng.choice(bank["modifiers"])
            excluded = self.gen.modifier_excludes.get(modifier, frozenset())
            noun = rng.choice([n for n in nouns if n not in excluded])
            template = self.lex.modifiers[modifier]
            titles = {
                lang: template[lang].format(n=self.lex.nouns[noun][lang]) for lang in LANGUAGES
            }
            used = [noun]
        elif pattern == "pair":
            first, second = rng.sample(nouns, 2)
            titles = {
                lang: self.lex.pair[lang].format(
                    a=self.lex.nouns[first][lang], b=self.lex.nouns[second][lang]
                )
                for lang in LANGUAGES
            }
            used = [first, second]
        else:
            candidates = [
                n
                for n in nouns
                if n in self.gen.place_nouns or pattern not in self.gen.place_wrappers
            ]
            noun = rng.choice(candidates)
            titles = {
                lang: self.lex.wrappers[pattern][lang].format(n=self.lex.nouns[noun][lang])
                for lang in LANGUAGES
            }
            used = [noun]
        titles["vi"] = _cap_first(titles["vi"])
        return titles, used

    def _unique_title(self, work_type: str, language: str) -> tuple[Translations, list[str]]:
        for _ in range(80):
            titles, used = self._compose_title(work_type)
            if self._title_free(titles, language):
                return titles, used
        volume = 2
        while True:
            numbered = {
                lang: self.lex.volume[lang].format(t=titles[lang], k=volume) for lang in LANGUAGES
            }
            if self._title_free(numbered, language):
                return numbered, used
            volume += 1

    def _title_free(self, titles: Translations, language: str) -> bool:
        return (
            titles[language] not in self.original_titles and titles["en"] not in self.english_titles
        )

    def _claim_title(self, titles: Translations, language: str) -> None:
        if not self._title_free(titles, language):
            raise ValueError(f"duplicate title {titles[language]!r}")
        self.original_titles.add(titles[language])
        self.english_titles.add(titles["en"])

    def _synopsis(
        self,
        work_type: str,
        holder: PartyRecord,
    ) -> tuple[Translations, list[str], dict[str, Any]]:
        rng = self.rng
        group = self.gen.synopsis_template_for_type[work_type]
        genres = self.lex.genres[work_type]
        if work_type == "craft":
            allowed = self.gen.craft_genres.get(holder["key"], self.gen.default_craft_genres)
            genres = [g for g in genres if g["subjects"][0] in allowed]
        genre = rng.choice(genres)
        if group == "visual":
            place = self.lex.places[rng.choice(self.gen.visual_places)]
            theme = rng.choice(self.lex.motifs)
        else:
            place = rng.choice(self.lex.places)
            theme = rng.choice(self.lex.themes)
        note = rng.choice(self.lex.notes[group]) if rng.random() < 0.5 else None
        synopsis: Translations = {}
        for lang in LANGUAGES:
            text = self.lex.synopsis_templates[group][lang].format(
                genre=genre["text"][lang],
                place=place["text"][lang],
                theme=theme["text"][lang],
                place_at=place["en_at"],
            )
            if note:
                text += ("" if lang in ("zh-hans", "zh-hant") else " ") + note[lang]
            synopsis[lang] = text
        subjects = [*genre["subjects"], *theme["subjects"], *place["subjects"]]
        return synopsis, subjects, genre

    def _dates(self, year: int | None = None) -> tuple[date, date]:
        rng = self.rng
        if year is None:
            start, end = date(2005, 1, 1), date(2025, 10, 31)
            created = start + timedelta(days=rng.randrange((end - start).days))
        else:
            created = date(year, 1, 1) + timedelta(days=rng.randrange(300))
        latest = min(420, (_PUBLISHED_LIMIT - created).days)
        published = created + timedelta(days=rng.randrange(min(30, latest), latest + 1))
        return created, published

    # -- works ------------------------------------------------------------------------
    def _finish(
        self,
        work: dict[str, Any],
        holder: PartyRecord,
        roles: tuple[str, ...],
        *,
        year: int | None,
        always_isbn: bool,
    ) -> dict[str, Any]:
        rng = self.rng
        created, published = self._dates(year)
        creators = self._creators(holder, roles)
        work.update(
            {
                "created_on": created.isoformat(),
                "published_on": published.isoformat(),
                "creators": creators,
                "shares": self._shares(holder, creators),
            }
        )
        work_type = work["work_type"]
        if work_type in ("literary", "comic") and (always_isbn or rng.random() < 0.7):
            work["isbn"] = self._isbn(holder)
        if work_type == "music":
            work["isrc"] = self._isrc(holder, published.year)
            self.music_works += 1
            if self.music_works % 2:  # every other musical work has a registered ISWC
                work["iswc"] = self._iswc()
        self.counts[holder["key"]] += 1
        return work

    def hero(self, spec: HeroSpec) -> dict[str, Any]:
        holder = self.holders[spec["holder"]]
        if spec["work_type"] not in self._work_types(holder):
            raise ValueError(f"{spec['key']}: {holder['key']} cannot list {spec['work_type']}")
        language = self.gen.country_language[holder["country"]]
        titles = dict(spec["titles"])
        self._claim_title(titles, language)
        work: dict[str, Any] = {
            "key": spec["key"],
            "holder": holder["key"],
            "work_type": spec["work_type"],
            "country_of_origin": holder["country"],
            "original_language": language,
            "original_title": titles[language],
            "titles": titles,
            "synopsis": dict(spec["synopsis"]),
            "subjects": list(spec["subjects"]),
            "featured": True,
        }
        if "folk" in spec:
            work["folk"] = dict(spec["folk"])
        return self._finish(work, holder, spec["roles"], year=spec["year"], always_isbn=True)

    def generated(self, work_type: str) -> dict[str, Any]:
        holder = self._pick_holder(work_type)
        language = self.gen.country_language[holder["country"]]
        titles, nouns = self._unique_title(work_type, language)
        self._claim_title(titles, language)
        synopsis, subjects, genre = self._synopsis(work_type, holder)
        subjects += [noun.replace("_", "-") for noun in nouns]
        sequence = self.counts[holder["key"]] + 1
        work: dict[str, Any] = {
            "key": f"{holder['key']}-{sequence:03d}",
            "holder": holder["key"],
            "work_type": work_type,
            "country_of_origin": holder["country"],
            "original_language": language,
            "original_title": titles[language],
            "titles": titles,
            "synopsis": synopsis,
            "subjects": _uniq(subjects),
            "featured": False,
        }
        if (
            work_type == "craft"
            and holder["kind"] == "collective"
            and self.rng.random() < _FOLK_SHARE
        ):
            work["folk"] = {
                "traditional_element": self.gen.traditional_elements[holder["country"]],
                "new_contribution": self.rng.choice(self.gen.new_contributions),
            }
        roles: tuple[str, ...] = self.rng.choice(genre["roles"])
        return self._finish(work, holder, roles, year=None, always_isbn=False)


def _type_plan(total: int, heroes: list[HeroSpec], rng: random.Random) -> list[str]:
    """Work types of the generated works, so that the whole list follows _TYPE_SHARES."""
    remaining = total - len(heroes)
    if remaining <= 0:
        return []
    hero_counts: dict[str, int] = {}
    for spec in heroes:
        hero_counts[spec["work_type"]] = hero_counts.get(spec["work_type"], 0) + 1
    need = {t: max(0, round(total * share) - hero_counts.get(t, 0)) for t, share in _TYPE_SHARES}
    while sum(need.values()) > remaining:
        largest = max(need, key=lambda t: need[t])
        need[largest] -= 1
    need["literary"] += remaining - sum(need.values())
    plan = [t for t, _ in _TYPE_SHARES for _ in range(need[t])]
    rng.shuffle(plan)
    return plan


def generate_works(n: int = 320, seed: int = 7) -> list[dict[str, Any]]:
    """At least ``n`` demo works (hero works first), deterministically for ``seed``."""
    content = demo_content()
    heroes = content.hero_works
    generator = _Generator(content, seed)
    works = [generator.hero(spec) for spec in heroes]
    for work_type in _type_plan(max(n, len(heroes)), heroes, generator.rng):
        works.append(generator.generated(work_type))
    return works


# --------------------------------------------------------------------------------------
# Home page, tagline and news
# --------------------------------------------------------------------------------------
