"""Who is calling: ``Authorization: Bearer <key>``, the key's scopes, its rate limit.

The key acts for its party only: ``request.api_key.party`` is the one party a resource
may act for, and ``request.user`` becomes the key's creator, so a service's own checks
(acts_for, managed_party_ids …) hold for the key exactly as on the site.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from catalog.kernel.permissions import staff_or_acts_for
from catalog.kernel.ratelimit import over_limit
from marketplace.api.errors import ApiProblem
from marketplace.api.keys import api_key_authenticate
from marketplace.api.models import ApiKey


def _count_key(group: str, request: HttpRequest) -> str:
    return request.api_key.prefix


def bearer_token(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def key_of(request: HttpRequest) -> ApiKey | None:
    """The request's live key (looked up once per request), or None."""
    if not hasattr(request, "api_key"):
        token = bearer_token(request)
        request.api_key = api_key_authenticate(token=token) if token else None
        if request.api_key is not None:
            request.user = request.api_key.created_by
            wait = over_limit(request, group="api", rate="RATE_LIMIT_API", key=_count_key)
            if wait is not None:
                raise ApiProblem(
                    429,
                    "rate-limited",
                    _("Too many requests for this API key; retry after %(s)s seconds.")
                    % {"s": wait},
                    headers={"Retry-After": str(wait)},
                )
    return request.api_key


class KeyAuth(HttpBearer):
    """A live key holding ``scope``; a key without the scope is refused with 403."""

    def __init__(self, scope: str):
        super().__init__()
        self.scope = scope

    def __call__(self, request: HttpRequest):
        key = key_of(request)
        if key is None:
            return None
        if self.scope not in key.scopes:
            raise ApiProblem(
                403,
                "insufficient-scope",
                _("This API key lacks the “%(scope)s” scope.") % {"scope": self.scope},
            )
        return key

    def authenticate(self, request: HttpRequest, token: str):  # pragma: no cover - see __call__
        return key_of(request)


def optional_key(request: HttpRequest) -> ApiKey | None:
    """For public resources: anyone may call, but a Bearer header must name a live key
    (a wrong key is an error, not silently anonymous)."""
    key = key_of(request)
    if key is None and bearer_token(request) is not None:
        raise ApiProblem(
            401,
            "unauthenticated",
            _("The API key is not valid."),
            headers={"WWW-Authenticate": "Bearer"},
        )
    return key


def may_read_for(request: HttpRequest, party_id: int) -> bool:
    """Whether the caller sees what a public resource shows only to ``party_id``: with a
    key, only for the key's party (never the creator's other parties, nor staff powers);
    without one, a signed-in browser session as on the site (members and staff)."""
    key = optional_key(request)
    if key is not None:
        return key.party_id == party_id
    return staff_or_acts_for(request.user, party_id)
