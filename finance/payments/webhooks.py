"""``POST /stripe/webhook/``: verify, store, enqueue — nothing else happens in the request."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from finance.payments.stripe_events import BadEvent, stripe_event_receive


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    signature = request.headers.get("Stripe-Signature", "")
    try:
        event = stripe_event_receive(payload=request.body, signature=signature)
    except BadEvent as exc:
        return HttpResponseBadRequest(f"refused: {exc}", content_type="text/plain")
    return JsonResponse({"received": event.event_id, "state": event.state})
