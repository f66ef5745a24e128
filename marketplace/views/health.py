from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from marketplace.health import run_checks


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    healthy = all(check.ok for check in checks)
    body = {
        "status": "ok" if healthy else "degraded",
        "checks": {check.name: asdict(check) for check in checks},
    }
    return JsonResponse(body, status=200 if healthy else 503)
