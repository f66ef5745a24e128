"""Vendored Noto fonts for pages and for WeasyPrint PDFs (see i18n/FONTS.md).

Browsers get ``static/i18n/fonts/fonts.css`` through ``{% static %}``; WeasyPrint gets the same
stylesheet through :func:`font_face_css`, rewritten for it. The fonts ship in the repository
because a fresh machine has no CJK/Southeast Asian system fonts (fonts-noto-* are not
installed), and a PDF must not depend on what happens to be installed where it is rendered.
"""

import re
from bisect import bisect_right
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

FONT_DIR: Path = Path(__file__).resolve().parent / "static" / "i18n" / "fonts"

_FONT_FACE_RE = re.compile(r"@font-face\s*\{[^}]*\}")
_FAMILY_RE = re.compile(r'font-family:\s*"([^"]+)"')
# For font_face_css(text=...): the Latin family every stack has, and the last-resort CJK
# families, whose unicode-range is whole blocks and so says nothing about their coverage.
_BASE_FAMILY = "Noto Sans"
_FALLBACK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK SC Ext")
_URL_RE = re.compile(r'url\("([^"]+)"\)')
_UNICODE_RANGE_RE = re.compile(r"unicode-range:\s*([^;]+);")
# Variable faces say `font-weight: 100 900` so browsers use the wght axis instead of faking
# bold. WeasyPrint only accepts single weights and logs a warning per such face; without the
# descriptor it still picks the face and instantiates it at the weight the text asks for.
_WEIGHT_RANGE_RE = re.compile(r"\n[ \t]*font-weight:\s*\d+\s+\d+\s*;")


def font_css_path() -> Path:
    """Return the path of the stylesheet holding the @font-face rules and font stacks."""
    return FONT_DIR / "fonts.css"


@cache
def _stylesheet() -> str:
    # Read once per process: the file only changes with a deploy, which restarts workers.
    return font_css_path().read_text(encoding="utf-8")


@cache
def _range_table(value: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Parse ``U+4E00-9FFF,U+3000`` into sorted (starts, ends) for bisection."""
    pairs: list[tuple[int, int]] = []
    for part in value.split(","):
        start, _, end = part.strip()[2:].partition("-")
        pairs.append((int(start, 16), int(end or start, 16)))
    pairs.sort()
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


def _face_range(face: str) -> str | None:
    match = _UNICODE_RANGE_RE.search(face)
    return None if match is None else match.group(1).strip()


def _in_range(code_point: int, value: str) -> bool:
    starts, ends = _range_table(value)
    index = bisect_right(starts, code_point) - 1
    return index >= 0 and code_point <= ends[index]


def _family(face: str) -> str:
    match = _FAMILY_RE.search(face)
    return "" if match is None else match.group(1)


def _needed_faces(css: str, text: str) -> set[str]:
    """Return the @font-face rules of ``css`` that ``text`` needs (see font_face_css)."""
    faces = _FONT_FACE_RE.findall(css)
    base = [f for f in faces if _family(f) == _BASE_FAMILY]
    base_ranges = [r for f in base if (r := _face_range(f)) is not None]
    # Spaces, digits and punctuation the Latin faces have (— , - “) are in the CJK and Khmer
    # files too; they alone must not pull in a 4 MB CJK font for an English invoice.
    code_points = {
        cp for cp in {ord(ch) for ch in text} if not any(_in_range(cp, r) for r in base_ranges)
    }
    needed = set(base)
    for face in faces:
        if _family(face) in _FALLBACK_FAMILIES:
            continue
        value = _face_range(face)
        if value is None or any(_in_range(cp, value) for cp in code_points):
            needed.add(face)
    # The fallbacks only for what no other face has (rare ideographs, Ext. A/B).
    ranges = [r for f in needed if (r := _face_range(f)) is not None]
    left = {cp for cp in code_points if not any(_in_range(cp, r) for r in ranges)}
    for face in faces:
        value = _face_range(face)
        if (
            _family(face) in _FALLBACK_FAMILIES
            and value is not None
            and any(_in_range(cp, value) for cp in left)
        ):
            needed.add(face)
    return needed


def font_face_css(base_url: str | None = None, *, text: str | None = None) -> str:
    """Return fonts.css rewritten for WeasyPrint: absolute font URLs, no weight ranges.

    ``base_url`` is where the font files are served from; by default the ``file://`` URL of
    FONT_DIR, so WeasyPrint reads them from disk and needs no static server or url_fetcher.

    ``text``, if given, is the document (its HTML will do: markup is ASCII) and drops the
    @font-face rules it does not need. WeasyPrint loads every rule up front, unpacking some
    12 MB of WOFF2 (1-2 s) for each document; an English or Vietnamese invoice then loads
    only the Latin faces. A non-Latin face is kept when the text has a character in its
    unicode-range that the Latin faces lack: spaces, digits and shared punctuation (— “ ,)
    do not count, since without that script's letters the Latin faces draw them anyway.
    Characters written as HTML entities or produced by CSS ``content`` are not seen, so
    leave ``text`` out when those may hold non-Latin script.
    """
    base = FONT_DIR.as_uri() + "/" if base_url is None else base_url
    if not base.endswith("/"):
        base += "/"
    css = _stylesheet()
    needed = None if text is None else _needed_faces(css, text)

    def rewrite(match: re.Match[str]) -> str:
        face = match.group(0)
        if needed is not None and face not in needed:
            return ""
        face = _WEIGHT_RANGE_RE.sub("", face)
        return _URL_RE.sub(lambda url: f'url("{urljoin(base, url.group(1))}")', face)

    return _FONT_FACE_RE.sub(rewrite, css)
