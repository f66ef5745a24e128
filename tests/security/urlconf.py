"""Every route of the URL configuration, as the matrix names them."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

# Trees we do not write, reached under these path prefixes or served by these packages:
# each gets a coarse check (tests/security/permission_matrix.py THIRD_PARTY), not a row per view.
THIRD_PARTY_PREFIXES = ("admin/", "cms-admin/", "documents/", "i18n/", "media/")
THIRD_PARTY_MODULES = ("wagtail.", "allauth.", "django.contrib.admin", "django.views.static")


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the pattern for an unnamed route
    pattern: str  # the full pattern, language prefix as "en/"
    module: str  # the module of the view function
    kwargs: tuple[str, ...]  # the names the pattern captures
    origin: str = ""  # the urlconf module that included it

    @property
    def path(self) -> str:
        return self.pattern.lstrip("^")  # static() and re_path() patterns are regexes

    @property
    def third_party(self) -> bool:
        return self.path.startswith(THIRD_PARTY_PREFIXES) or any(
            name.startswith(THIRD_PARTY_MODULES) for name in (self.module, self.origin)
        )

    @property
    def tree(self) -> str:
        """The third-party tree a route belongs to: its path prefix or its package."""
        if self.path.startswith(THIRD_PARTY_PREFIXES):
            return self.path.split("/")[0]
        source = self.origin if self.origin.startswith(THIRD_PARTY_MODULES) else self.module
        return source.split(".")[0]


def _walk(patterns, prefix: str, namespace: str, kwargs: tuple[str, ...], origin: str = ""):
    for entry in patterns:
        here = prefix + str(entry.pattern)
        names = kwargs + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            module = getattr(entry.urlconf_module, "__name__", origin)
            yield from _walk(entry.url_patterns, here, ns, names, module)
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            module = getattr(getattr(callback, "view_class", callback), "__module__", "") or ""
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            key = name if entry.name else here
            yield Route(key=key, pattern=here, module=module, kwargs=names, origin=origin)


@functools.cache
def all_routes() -> tuple[Route, ...]:
    """Every route once (the first pattern of a name wins, as ``reverse`` does)."""
    with translation.override("en"):
        routes = list(_walk(get_resolver().url_patterns, "", "", ()))
    seen: dict[str, Route] = {}
    for route in routes:
        seen.setdefault(route.key, route)
    return tuple(seen.values())


def our_routes() -> list[Route]:
    return [r for r in all_routes() if not r.third_party]
