"""Text preparation for the search index, applied the same way to documents and queries.

The engine's analysers cannot do what our languages need on both osmem and Elasticsearch 8
(docs/search-engine-notes.md §0): no Thai/Lao/Khmer/Burmese tokenizer, no OpenCC, no ICU. So
Python does that work before the engine sees the text, identically at index and query time:

* Unicode NFKC, so full-width and compatibility forms meet their plain forms.
* Chinese: OpenCC ``t2s`` turns traditional characters into simplified ones; the engine then
  builds CJK bigrams on one script only, and a traditional query finds a simplified title.
* Thai, Lao, Khmer and Burmese: ICU's dictionary word segmenter splits each run of those
  scripts into words, joined by U+200A HAIR SPACE. The engine's ``whitespace`` tokenizer splits
  there on both engines. NFKC maps U+200A to an ordinary space, so after normalisation every
  hair space is one we inserted, and :func:`desegment` restores the text exactly.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import icu
from opencc import OpenCC

__all__ = [
    "SEPARATOR",
    "Scripts",
    "desegment",
    "normalize",
    "prepare",
    "scripts_of",
    "segment",
    "to_simplified",
]

SEPARATOR = "\u200a"

# Scripts written without spaces between words that no stock analyser segments on osmem:
# Thai, Lao, Myanmar (+ extensions A and B), Khmer (+ symbols).
_SEA = "\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff\u1780-\u17ff\u19e0-\u19ff"
# CJK unified ideographs, extension A, compatibility ideographs and the supplementary planes.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_SEA_RUN = re.compile(f"[{_SEA}]+")
_HAS_SEA = re.compile(f"[{_SEA}]")
_HAS_HAN = re.compile(f"[{_HAN}]")
# Control characters, and the two private-use marks the highlighter uses as tags.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")

_local = threading.local()


# NFKC splits Thai SARA AM (ำ) and Lao AM (ຳ) into NIKHAHIT + SARA AA; every keyboard and font
# uses the composed letter, so put it back.
_DECOMPOSED_AM = (("\u0e4d\u0e32", "\u0e33"), ("\u0ecd\u0eb2", "\u0eb3"))


def normalize(text: str | None) -> str:
    """NFKC (Thai/Lao AM kept composed), control characters dropped, outer whitespace stripped."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    for decomposed, composed in _DECOMPOSED_AM:
        text = text.replace(decomposed, composed)
    return _CONTROL.sub("", text).strip()


@lru_cache(maxsize=1)
def _opencc() -> OpenCC:
    return OpenCC("t2s")


@lru_cache(maxsize=8192)
def _t2s(text: str) -> str:
    return _opencc().convert(text)


def to_simplified(text: str) -> str:
    """Traditional Chinese characters → simplified; text without Han characters is unchanged."""
    if not _HAS_HAN.search(text):
        return text
    # Titles repeat across the listings of a work and across a rebuild: cache short strings.
    return _t2s(text) if len(text) <= 500 else _opencc().convert(text)


def _word_breaker() -> icu.BreakIterator:
    # BreakIterator keeps per-text state and is not thread-safe: one per thread. ICU picks the
    # dictionary engine by script, so the root locale serves all four scripts.
    breaker = getattr(_local, "breaker", None)
    if breaker is None:
        breaker = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
        _local.breaker = breaker
    return breaker


def _split_run(run: str) -> str:
    breaker = _word_breaker()
    breaker.setText(run)
    # ICU reports boundaries in UTF-16 code units; every character of these scripts is in the
    # BMP, so they equal Python string indices here.
    words: list[str] = []
    start = breaker.first()
    for end in breaker:
        words.append(run[start:end])
        start = end
    return SEPARATOR.join(words)


def segment(text: str) -> str:
    """Insert :data:`SEPARATOR` between the words of every Thai/Lao/Khmer/Burmese run."""
    if not _HAS_SEA.search(text):
        return text
    return _SEA_RUN.sub(lambda match: _split_run(match.group()), text)


def desegment(text: str) -> str:
    """Undo :func:`segment` (also inside highlighted fragments)."""
    return text.replace(SEPARATOR, "")


def prepare(text: str | None) -> str:
    """The string the index stores and the query sends: normalised, simplified, segmented."""
    return segment(to_simplified(normalize(text)))


@dataclass(frozen=True)
class Scripts:
    """Which script families a query contains; each family has its own fields to search."""

    latin: bool  # letters or digits outside Han and the segmented scripts (Latin, Cyrillic…)
    han: bool
    sea: bool


def scripts_of(text: str) -> Scripts:
    han = bool(_HAS_HAN.search(text))
    sea = bool(_HAS_SEA.search(text))
    other = any(ch.isalnum() and not _HAS_HAN.match(ch) and not _HAS_SEA.match(ch) for ch in text)
    return Scripts(latin=other, han=han, sea=sea)
