from django import template

from catalog.territories import country_name

register = template.Library()


@register.filter
def country_label(code: str) -> str:
    """The country's name in the active language."""
    return country_name(code) if code else ""
