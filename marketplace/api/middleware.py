"""Django's LocaleMiddleware, except that it leaves /api/ responses alone.

On a 404 LocaleMiddleware redirects to the language-prefixed path when that one
resolves — and under i18n_patterns Wagtail's catch-all resolves nearly anything, so an
API 404 (problem+json) became a 302 to /zh-hans/api/…. The API is not language
prefixed; it still takes the language of its messages from Accept-Language (the
request half of the middleware runs unchanged)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

API_PREFIX = "/api/"


class SiteLocaleMiddleware(LocaleMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.path_info.startswith(API_PREFIX):
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
