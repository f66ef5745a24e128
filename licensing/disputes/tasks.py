from __future__ import annotations

from celery import shared_task

from licensing.disputes.notifications import (
    due_reminders,
    send_invitation_notice,
    send_session_notices,
)


@shared_task(name="disputes.send_session_notice")
def send_session_notice(session_id: int, kind: str) -> int:
    return send_session_notices(session_id=session_id, kind=kind)


@shared_task(name="disputes.remind_upcoming_sessions")
def remind_upcoming_sessions() -> int:
    """Beat: the day-before reminder of every session starting within 24 hours."""
    return sum(send_session_notices(session_id=pk, kind="upcoming") for pk in due_reminders())


@shared_task(name="disputes.send_invitation")
def send_invitation(invitation_id: int) -> bool:
    return send_invitation_notice(invitation_id=invitation_id)
