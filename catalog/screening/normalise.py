"""Text normalisation for sensitive-word matching, with a map back to the original text.

The text is cut into clusters (a base character plus the marks that render on it),
each cluster is folded (NFKC, casefold, traditional → simplified Chinese, and for
Vietnamese accent removal), and every output character remembers the span of the
cluster it came from. The matcher works on the folded text; the examiner UI gets
offsets into the original one.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from opencc import OpenCC

# Invisible characters that evade filters by splitting a word ("高\u200b仿"). ZWSP is
# also the legitimate word separator of Khmer and Myanmar text, so dropping it is safe.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")

# Khmer coeng and Myanmar virama stack the next consonant under the previous one:
# both belong to one rendered cluster.
STACKERS = frozenset("\u17d2\u1039")

# Languages where a term without diacritics matches accented text and vice versa:
# Vietnamese is often typed without tone marks (and stripped on purpose to evade).
ACCENT_INSENSITIVE = frozenset({"vi"})

# Scripts written without spaces between words: Han, kana, Thai, Lao, Myanmar, Khmer.
_UNSEGMENTED_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer symbols
    (0x2E80, 0x9FFF),  # CJK radicals … unified ideographs, kana
    (0xA9E0, 0xA9FF),  # Myanmar extended-B
    (0xAA60, 0xAA7F),  # Myanmar extended-A
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3FFFF),  # CJK extensions B…
)

_t2s = OpenCC("t2s")


def is_unsegmented(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _UNSEGMENTED_RANGES)


def is_word_char(char: str) -> bool:
    """A letter, digit or mark of a script that separates its words with spaces."""
    word_like = char.isalnum() or unicodedata.category(char)[0] == "M"
    return word_like and not is_unsegmented(char)


@lru_cache(maxsize=8192)
def _to_simplified(char: str) -> str:
    # Character by character, not phrase by phrase: phrase rules may change the length,
    # which would break the offset map, and containment needs no phrase context.
    return _t2s.convert(char)


def _strip_latin_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    if not decomposed or decomposed[0] >= "\u0250":  # only Latin letters lose their marks
        return text
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.replace("đ", "d")


@lru_cache(maxsize=16384)
def fold_cluster(cluster: str, accent_insensitive: bool) -> str:
    if cluster.isspace():
        return " "
    folded = unicodedata.normalize("NFKC", cluster).casefold()
    folded = "".join(_to_simplified(c) if is_unsegmented(c) else c for c in folded)
    if accent_insensitive:
        folded = _strip_latin_accents(folded)
    return folded


def clusters(text: str) -> list[tuple[int, int, str]]:
    """(start, end, visible characters) of each cluster, zero-width characters removed."""
    result: list[tuple[int, int, str]] = []
    previous = ""
    for index, char in enumerate(text):
        if char in ZERO_WIDTH:
            continue
        joins = unicodedata.category(char)[0] == "M" or previous in STACKERS
        if result and joins:
            start, _end, chars = result[-1]
            result[-1] = (start, index + 1, chars + char)
        else:
            result.append((index, index + 1, char))
        previous = char
    return result


@dataclass(frozen=True)
class Normalised:
    """Folded text plus, for every folded character, its cluster's span in the original."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]

    def on_cluster_boundaries(self, start: int, end: int) -> bool:
        # A hit must not end inside a cluster: in Thai or Khmer a mark changes the syllable.
        left = start == 0 or self.starts[start - 1] != self.starts[start]
        right = end == len(self.text) or self.starts[end] != self.starts[end - 1]
        return left and right


def normalise(text: str, *, accent_insensitive: bool = False) -> Normalised:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end, chars in clusters(text):
        folded = fold_cluster(chars, accent_insensitive)
        if folded == " " and (not out or out[-1] == " "):
            continue  # collapse runs of whitespace, drop leading whitespace
        out.extend(folded)
        starts.extend([start] * len(folded))
        ends.extend([end] * len(folded))
    return Normalised("".join(out), tuple(starts), tuple(ends))


def normalise_term(term: str, language: str) -> str:
    """The form a list term is stored, compared and matched in."""
    return normalise(term, accent_insensitive=language in ACCENT_INSENSITIVE).text.strip()
