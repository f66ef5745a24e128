"""What every Stripe event handler shares: its outcome, the advisory lock on a Stripe object,
reading a reference, finding our payment (``stripe_events`` and ``closing_events``)."""

from __future__ import annotations

from django.db import connection

from finance.models import Payment

Outcome = tuple[str, str, str]  # state, waiting_for, note


def lock_object(stripe_id: str) -> None:
    """Serialise, until commit, the handlers about one Stripe object (a PaymentIntent, a
    dispute): a parked event and the one that would wake it cannot miss each other."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [stripe_id])


def object_id(value: object) -> str:
    """A Stripe reference that may be expanded (dict) or not (id string)."""
    if isinstance(value, dict):
        return value.get("id") or ""
    return value or ""


def payment_for(intent_id: str, charge_id: str) -> Payment | None:
    if intent_id:
        return Payment.objects.filter(payment_intent_id=intent_id).first()
    return Payment.objects.filter(charge_id=charge_id).first() if charge_id else None
