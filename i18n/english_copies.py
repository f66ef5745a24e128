"""Which catalog entries may read exactly like their English msgid.

A translation that repeats its English source usually marks a message nobody
translated; with the English fallback (i18n/fallback.py) such an entry adds nothing and
hides the gap, so the catalog tests fail on it. The exceptions are listed here:

- ``SAME_EVERYWHERE``: codes, abbreviations and proper names every language writes as
  they are (protocols, "ASEAN", "IBAN", a music "EP", statistics labels).
- ``LOANWORDS``: English words a language's own sites write unchanged, and this site's
  catalogs use throughout that language ("royalty", "listing", "file" in Filipino;
  "Video", "Status" in Malay and Indonesian).
- Text with no letters outside its placeholders ("%(ref)s — %(licensee)s").
"""

from __future__ import annotations

import re

SAME_EVERYWHERE = frozenset(
    {
        ":",
        "IPv4",
        "IPv6",
        "ASEAN",
        "Benelux",
        "IBAN",
        "EP",
        "P50",
        "P10–P90",
        "LTV (P50)",
        "LTV (P10)",
        "Stripe Connect",
    }
)

LOANWORDS: dict[str, frozenset[str]] = {
    "vi": frozenset({"Email", "email", "Video", "video", "Album", "Scandinavia"}),
    "ms": frozenset(
        {
            "metadata",
            "format",
            "Format",
            "Audio",
            "Video",
            "video",
            "Status",
            "Asia",
            "Oceania",
            "Scandinavia",
            "Audiovisual",
            "Bank",
            "Tranche",
            "min",
            "Single",
            "Album",
            "Token",
            "Platform",
            "%(n)s digit",
        }
    ),
    "id": frozenset(
        {
            "Email",
            "email",
            "metadata",
            "format",
            "Format",
            "Administrator",
            "Audio",
            "Video",
            "video",
            "internal",
            "Status",
            "Mode",
            "Asia",
            "Audiovisual",
            "Platform / distributor",
            "Bank / investor",
            "Film & audiovisual",
            "Bank",
            "Total",
            "Posting",
            "Originator",
            "Tranche",
            "Mediator",
            "Streaming",
            "Album",
            "Film",
            "Episode",
            "Token",
            "Platform",
            "%(n)s digit",
        }
    ),
    "fil": frozenset(
        {
            "Email",
            "email",
            "Password",
            "Passkey",
            "metadata",
            "format",
            "Format",
            "Audio",
            "Video",
            "video",
            "file",
            "File",
            "Field",
            "Royalty",
            "Invoice",
            "Account",
            "Platform",
            "Streaming",
            "Single",
            "Album",
            "Track",
            "Listing",
            "Inquiry",
            "Token",
            "min",
            "%(num)s listing",
            "%(n)s digit",
        }
    ),
}

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w+\}")
_LETTER = re.compile(r"[^\W\d_]")


def may_equal_english(code: str, msgid: str) -> bool:
    """Whether ``code``'s translation of ``msgid`` may be the English text itself."""
    return (
        msgid in SAME_EVERYWHERE
        or msgid in LOANWORDS.get(code, ())
        or not _LETTER.search(_PLACEHOLDER.sub("", msgid))
    )


def english_copies(code: str, catalog) -> list[str]:
    """The msgids of a Babel catalog whose translation repeats the English."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if any(s and s in ids for s in strings) and not may_equal_english(code, ids[0]):
            found.append(ids[0])
    return found
