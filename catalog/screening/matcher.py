"""Aho–Corasick matching of many terms in one pass, with a cache keyed by list version.

The automaton comes from ``pyahocorasick`` (a C extension): one pass over the text
finds every occurrence of every term, overlaps included, in time linear in the text.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from catalog.screening.normalise import Normalised, is_word_char


@dataclass(frozen=True)
class Entry:
    """One list term as the matcher sees it."""

    term_id: int
    term: str
    normalised: str
    list_language: str
    category: str
    severity: str


@dataclass(frozen=True)
class Match:
    start: int  # offsets in the normalised text
    end: int
    entry: Entry


class TermMatcher:
    def __init__(self, entries: Iterable[Entry]) -> None:
        by_key: dict[str, list[Entry]] = {}
        for entry in entries:
            if entry.normalised:
                by_key.setdefault(entry.normalised, []).append(entry)
        self.size = len(by_key)
        self._automaton: ahocorasick.Automaton | None = None
        if by_key:
            automaton = ahocorasick.Automaton()
            for key, group in by_key.items():
                automaton.add_word(key, tuple(group))
            automaton.make_automaton()
            self._automaton = automaton

    def find(self, norm: Normalised) -> Iterator[Match]:
        if self._automaton is None:
            return
        text = norm.text
        for last, group in self._automaton.iter(text):
            end = last + 1
            start = end - len(group[0].normalised)
            if not (
                norm.on_cluster_boundaries(start, end) and _on_word_boundaries(text, start, end)
            ):
                continue
            for entry in group:
                yield Match(start, end, entry)


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    # Only spaced scripts have word boundaries: "crack" must not fire in "crackers",
    # but a term of Thai, Khmer or Chinese is found anywhere, since those texts have
    # no spaces to anchor on and containment needs no segmentation. A Latin term next
    # to a Han character ("replica手表") is on a boundary.
    if start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
        return False
    return not (end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]))


class MatcherCache:
    """Matchers per key, rebuilt when the list version changes.

    ``version`` is read from the database on every lookup (one tiny query); a value
    of None means "unknown" and forces a rebuild without caching.
    """

    def __init__(self, build: Callable[..., TermMatcher]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._matchers: dict[tuple, tuple[int, TermMatcher]] = {}

    def get(self, key: tuple, version: int | None) -> TermMatcher:
        cached = self._matchers.get(key)
        if version is not None and cached is not None and cached[0] == version:
            return cached[1]
        matcher = self._build(*key)
        if version is not None:
            with self._lock:
                self._matchers[key] = (version, matcher)
        return matcher

    def clear(self) -> None:
        with self._lock:
            self._matchers.clear()
