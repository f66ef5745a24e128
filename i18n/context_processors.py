from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation

from i18n.languages import LANGUAGES, get_language_info


def languages(request: HttpRequest) -> dict[str, object]:
    current = get_language_info(translation.get_language())
    return {"platform_languages": LANGUAGES, "current_language": current}
