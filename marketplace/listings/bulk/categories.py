"""Frankfurt Rights' rights categories → the platform's right types (catalog.vocabulary).

| category      | right type    | why                                                      |
|---------------|---------------|----------------------------------------------------------|
| translation   | translation   | the same right                                           |
| reprint       | reprint       | the same right                                           |
| audio         | audio         | the same right                                           |
| e-book        | ebook         | the same right                                           |
| film/TV       | adaptation    | "Film/TV adaptation"                                     |
| stage         | performance   | stage rights are dramatic performance rights             |
| merchandising | merchandising | the same right                                           |
| serialisation | reprint       | first/second serial rights reprint the text in a serial  |
| anthology     | reprint       | an extract reprinted in another book                     |
| digital       | ebook, or streaming for music and audiovisual works      |
| other         | refused       | no right type: a listing must name what it offers so     |
|               |               | availability, grants and rights-in can be checked        |

The platform's own right types (sync, mechanical, exhibition …) are accepted by their
codes and English labels too, so every right type is listable in bulk. The vocabulary is
not extended: "other" names no right, and every category with a meaning has a target.
"""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext

from catalog.vocabulary import RightType, WorkType

FRANKFURT = {
    "translation": RightType.TRANSLATION,
    "reprint": RightType.REPRINT,
    "audio": RightType.AUDIO,
    "e-book": RightType.EBOOK,
    "film/tv": RightType.ADAPTATION,
    "stage": RightType.PERFORMANCE,
    "merchandising": RightType.MERCHANDISING,
    "serialisation": RightType.REPRINT,
    "anthology": RightType.REPRINT,
    "digital": RightType.EBOOK,
}
# Spellings seen in rights sheets for the same categories.
_ALIASES = {
    "translations": "translation",
    "audiobook": "audio",
    "ebook": "e-book",
    "film": "film/tv",
    "tv": "film/tv",
    "film & tv": "film/tv",
    "film/television": "film/tv",
    "dramatic": "stage",
    "theatre": "stage",
    "serialization": "serialisation",
    "serial": "serialisation",
    "first serial": "serialisation",
    "second serial": "serialisation",
    "merchandise": "merchandising",
}
_DIGITAL_STREAMING = {WorkType.MUSIC, WorkType.AUDIOVISUAL}


def _key(text: str) -> str:
    return re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", text.strip().casefold()))


def right_type_for(category: str, *, work_type: str | None = None) -> str:
    """The right type a category (or a platform right type) names; ValueError naming it."""
    key = _key(category)
    key = _ALIASES.get(key, key)
    if key == "digital" and work_type in _DIGITAL_STREAMING:
        return RightType.STREAMING
    if key in FRANKFURT:
        return FRANKFURT[key]
    if key in RightType.values:
        return key
    with translation.override("en"):
        by_label = {_key(str(label)): value for value, label in RightType.choices}
    if key in by_label:
        return by_label[key]
    if key == "other":
        raise ValueError(
            gettext("“%(token)s” names no right: write the right offered (%(rights)s)")
            % {"token": category.strip(), "rights": ", ".join(RightType.values)}
        )
    raise ValueError(
        gettext("“%(token)s” is not a rights category (%(categories)s)")
        % {"token": category.strip(), "categories": ", ".join(FRANKFURT)}
    )
