from __future__ import annotations

from django import template
from django.urls import translate_url

from i18n.languages import LANGUAGES

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict[str, str]]:
    """The current page's URL in every language, for the switcher."""
    request = context["request"]
    path = request.get_full_path()
    return [
        {"code": lang.code, "name": lang.local_name, "url": translate_url(path, lang.code)}
        for lang in LANGUAGES
    ]
