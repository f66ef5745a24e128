"""Language strings as rights sheets write them: "ja, ko, French", "L ex en", "all languages
except en".

Grammar (case and spacing do not matter)::

    languages := items [EXCLUSION items]
    items     := item ("," | "/" | "+") item …
    item      := a BCP 47 tag ("ja", "zh-Hant", "pt-BR") | an English language name
                 ("Japanese", "Simplified Chinese") | ALL
    ALL       := "L" | "all" | "all languages" | "any language" | "*"
    EXCLUSION := "ex" | "ex." | "excl" | "excl." | "excluding" | "except" | "without" | " - "

Any language is listable, not only the platform's eleven interface languages: tags are
checked by langcodes against the IANA subtag registry and stored standardised and lower
case (``catalog.services.validate_language``), the form grants and search compare.

"All languages" is the languages with an ISO 639-1 code plus the interface languages
(zh-hans, zh-hant, fil), spelt out: a listing, a grant and the search index all speak in
explicit language cells, so "L ex en" is stored as that list minus English. Excluding a
language also excludes its regional and script forms ("ex zh" drops zh-hans and zh-hant).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry
from babel import Locale
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from catalog.services import validate_language
from catalog.territory_strings import TokenError
from i18n.languages import LANGUAGE_CODES

_ALL = {"l", "all", "all languages", "any", "any language", "any languages", "*"}
_EXCLUSION = re.compile(
    r"(?:^|\s)(?:ex\.?|excl\.?|excluding|except|without)(?=\s|$)|\s-\s+", re.IGNORECASE
)
_SEPARATOR = re.compile(r"[,/+;]")


@dataclass(frozen=True)
class ParsedLanguages:
    languages: tuple[str, ...]  # standardised lower-case BCP 47 tags, sorted
    written: str  # the canonical string, e.g. "L ex en"


class LanguageStringError(ValueError):
    def __init__(self, errors: list[TokenError]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


@cache
def all_languages() -> frozenset[str]:
    codes = {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")}
    return frozenset({validate_language(code) for code in codes} | set(LANGUAGE_CODES))


@cache
def _names() -> dict[str, str]:
    index: dict[str, str] = {}
    for lang in pycountry.languages:
        if code := getattr(lang, "alpha_2", None) or getattr(lang, "alpha_3", None):
            index[lang.name.casefold()] = code
    for code, name in Locale("en").languages.items():
        index[name.casefold()] = code.replace("_", "-")
    return index


def resolve_language(token: str) -> str:
    """One tag or English name → standardised BCP 47; ValueError naming the token."""
    text = token.strip()
    if not text:
        raise ValueError(gettext("an empty language between separators"))
    # A short token is a code before it is a name: Babel names a language "En" (enc) and
    # another "Ko" (fuj), which must not shadow English and Korean.
    looks_like_tag = len(text) <= 3 or "-" in text
    code = text if looks_like_tag else _names().get(text.casefold(), text)
    try:
        return validate_language(code)
    except ValidationError:
        raise ValueError(
            gettext("“%(token)s” is not a BCP 47 language tag or a language name") % {"token": text}
        ) from None


def _covers(excluded: str, tag: str) -> bool:
    return tag == excluded or tag.startswith(excluded + "-")


def parse_languages(text: str) -> ParsedLanguages:
    """Read a language string; LanguageStringError lists every bad token."""
    text = (text or "").strip()
    if not text:
        raise LanguageStringError(
            [TokenError("", gettext("no language given: write e.g. “ja, ko” or “L ex en”"))]
        )
    pieces = _EXCLUSION.split(text)
    keywords = [m.group(0).strip() for m in _EXCLUSION.finditer(text)]
    errors: list[TokenError] = []
    include: list[str] = []
    exclude: list[str] = []
    everything = False
    for index, piece in enumerate(pieces):
        if not piece.strip():
            keyword = keywords[max(index - 1, 0)] if keywords else text
            errors.append(
                TokenError(
                    keyword,
                    gettext("“%(token)s” needs languages on both sides: write e.g. “L ex en”")
                    % {"token": keyword},
                )
            )
            continue
        for item in _SEPARATOR.split(piece):
            if not item.strip():
                continue
            if index == 0 and item.strip().casefold() in _ALL:
                everything = True
                continue
            try:
                tag = resolve_language(item)
            except ValueError as exc:
                errors.append(TokenError(item.strip(), str(exc)))
                continue
            target = include if index == 0 else exclude
            if tag not in target:
                target.append(tag)
    offered = set(all_languages()) | set(include) if everything else set(include)
    for tag in exclude:
        if offered and not any(_covers(tag, lang) for lang in offered):
            errors.append(
                TokenError(
                    tag,
                    gettext("“%(token)s” is excluded but not among the languages included")
                    % {"token": tag},
                )
            )
    languages = {lang for lang in offered if not any(_covers(x, lang) for x in exclude)}
    if not errors and not languages:
        errors.append(TokenError(text, gettext("“%(token)s” leaves no language") % {"token": text}))
    if errors:
        raise LanguageStringError(errors)
    head = ", ".join((["L"] if everything else []) + include)
    written = f"{head} ex {', '.join(exclude)}" if exclude else head
    return ParsedLanguages(tuple(sorted(languages)), written)


def describe_languages(tags: list[str] | tuple[str, ...] | set[str]) -> str:
    """A short language string for stored tags: "L ex en" when that is shorter than the list;
    parse_languages reads it back to the same set."""
    tags = set(tags)
    universe = all_languages()
    missing = universe - tags
    extra = tags - universe
    if len(missing) < len(tags) and not any(_covers(m, t) for m in missing for t in extra):
        head = ", ".join(["L", *sorted(extra)])
        return f"{head} ex {', '.join(sorted(missing))}" if missing else head
    return ", ".join(sorted(tags))
