from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from catalog.kernel.permissions import is_staff
from marketplace.health import Check, readiness_checks, run_checks


def _report(request: HttpRequest, checks: list[Check]) -> JsonResponse:
    healthy = all(check.ok for check in checks)
    # Exception text, versions and host names tell an attacker what to aim at: staff only.
    show_detail = is_staff(request.user)
    body = {
        "status": "ok" if healthy else "degraded",
        "checks": {
            check.name: asdict(check) if show_detail else {"name": check.name, "ok": check.ok}
            for check in checks
        },
    }
    return JsonResponse(body, status=200 if healthy else 503)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return _report(request, run_checks())


@never_cache
def live(request: HttpRequest) -> JsonResponse:
    """The process answers; nothing else is asked (no database, no session)."""
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    return _report(request, readiness_checks())
