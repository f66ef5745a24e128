"""Pluggable machine translation of thread messages.

No translation service is reachable offline, so the default is none and
parties (or staff) add human translations. A deployment that has one sets
``DEALS_TRANSLATOR = "package.module.ClassName"``: a class whose instances
have ``translate(text: str, *, source: str, target: str) -> str | None``
(``None`` when it cannot translate that pair).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class Translator(Protocol):
    def translate(self, text: str, *, source: str, target: str) -> str | None: ...


@lru_cache(maxsize=4)
def _load(path: str) -> Translator:
    return import_string(path)()


def get_translator() -> Translator | None:
    path = getattr(settings, "DEALS_TRANSLATOR", None)
    return _load(path) if path else None
