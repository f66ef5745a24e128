"""Every API error in one shape: RFC 9457 problem details (application/problem+json).

``{"type", "title", "status", "detail", "errors"}`` where ``errors`` maps a field path
("terms.territories", "query.page") to its messages. The handlers are registered on the
NinjaAPI (api.py), so a service's ValidationError, a PermissionDenied or a missing
object all come out the same way, whichever resource raised them.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Annotated

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Path, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

# A database id in a path: a positive integer that fits the column (a larger one would
# reach PostgreSQL and fail there instead of answering 404).
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
PROBLEM_TYPE = "https://docs.copyright-marketplace.example/api#problem-"
MEDIA_TYPE = "application/problem+json"


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: dict[str, list[str]] = {}


class ApiProblem(Exception):
    """Raised by the API layer for a status it decides itself (409, 429)."""

    def __init__(self, status: int, code: str, detail: str, headers: dict | None = None):
        super().__init__(detail)
        self.status, self.code, self.detail, self.headers = status, code, detail, headers or {}


def problem(
    status: int,
    code: str,
    detail: str,
    *,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body = {
        "type": PROBLEM_TYPE + code,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "errors": errors or {},
    }
    response = HttpResponse(json.dumps(body), status=status, content_type=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_errors(exc: ValidationError, *, rename: dict[str, str] | None = None) -> dict:
    """A service's field-keyed ValidationError as ``errors`` (non-field ones under "")."""
    rename = rename or {}
    if not hasattr(exc, "error_dict"):
        return {"": list(exc.messages)}
    return {
        rename.get(k, k) if k != "__all__" else "": [str(m) for m in v]
        for k, v in exc.message_dict.items()
    }


def _schema_errors(exc: SchemaError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        # loc is ("query", "page") / ("body", "payload", "territories"): keep what the
        # client named; "payload" is ninja's name for the whole body.
        loc = [str(p) for p in error.get("loc", ()) if p != "payload"]
        path = ".".join(loc[1:]) if len(loc) > 1 else ".".join(loc)
        errors.setdefault(path, []).append(str(error.get("msg", "invalid")))
    return errors


def install(api) -> None:
    def on_schema(request: HttpRequest, exc: SchemaError) -> HttpResponse:
        return problem(400, "validation", "The request is not valid.", errors=_schema_errors(exc))

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return problem(400, "validation", "The request is not valid.", errors=field_errors(exc))

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem(
            401,
            "unauthenticated",
            "Send a live API key as 'Authorization: Bearer <key>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )

    def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem(403, "forbidden", str(exc) or "This key may not do that.")

    def on_missing(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(404, "not-found", "There is no such object, or this key may not see it.")

    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "error")
        return problem(exc.status_code, code, str(exc))

    def on_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
        return problem(exc.status, exc.code, exc.detail, headers=exc.headers)

    api.add_exception_handler(SchemaError, on_schema)
    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(AuthenticationError, on_auth)
    api.add_exception_handler(PermissionDenied, on_forbidden)
    api.add_exception_handler(Http404, on_missing)
    api.add_exception_handler(ObjectDoesNotExist, on_missing)
    api.add_exception_handler(HttpError, on_http)
    api.add_exception_handler(ApiProblem, on_problem)


def responses(ok: dict, *statuses: int) -> dict:
    """An operation's documented responses: its own plus the problems it can answer."""
    return {**ok, **dict.fromkeys(statuses, Problem)}
