"""Pick the request language from the signed-in user's preference.

Runs before Django's LocaleMiddleware. A URL prefix (/vi/...) always wins;
on unprefixed URLs a signed-in user's preferred language replaces the
browser's Accept-Language guess.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The session middleware has run, auth has not: read the user lazily
        # from the session only when no explicit language cookie exists.
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            preferred = request.session.get("preferred_language")
            if preferred in settings.LANGUAGE_CODES:
                request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = preferred
        return self.get_response(request)
