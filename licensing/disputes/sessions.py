"""Mediation sessions of a case or of a whole batch: scheduling (every party is told in
their language and reminded the day before, ``tasks``) and minutes in the evidence chain."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.evidence.services import evidence_deposit_bytes
from catalog.kernel.permissions import AnyUser
from licensing.disputes import selectors
from licensing.disputes.cases import event_record, locked
from licensing.disputes.models import Batch, Case, CaseStatus, Session
from licensing.disputes.tasks import send_session_notice

HEARD_STATUSES = (CaseStatus.MEDIATING, CaseStatus.SETTLING)


def _require_mediation(user: object, *, case: Case | None, batch: Batch | None) -> None:
    allowed = (
        selectors.can_mediate(user, case)
        if case is not None
        else selectors.can_mediate_batch(user, batch)
    )
    if not allowed:
        raise PermissionDenied(_("You may not do this."))


def _enqueue_notice(session: Session) -> None:
    transaction.on_commit(lambda: send_session_notice.delay(session.pk, "scheduled"))


def session_refused(case: Case) -> ValidationError | None:
    """Why no session of ``case`` can be scheduled now (None: it can): only in mediation."""
    if case.status in HEARD_STATUSES:
        return None
    return ValidationError(
        {
            "status": _("case %(case)s is not in mediation (%(status)s)")
            % {"case": case.number, "status": case.status}
        }
    )


@transaction.atomic
def session_schedule(
    *,
    actor: AnyUser,
    starts_at: dt.datetime,
    case: Case | None = None,
    batch: Batch | None = None,
    duration_minutes: int = 60,
    video_link: str = "",
) -> Session:
    """Schedule a session (of a case or a whole batch); every party is told in their language."""
    if (case is None) == (batch is None):
        raise ValidationError({"case": _("a session is for one case or one batch")})
    _require_mediation(actor, case=case, batch=batch)
    if timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": _("give the time with its time zone")})
    if video_link:
        try:
            URLValidator(schemes=["https", "http"])(video_link)
        except ValidationError as exc:
            raise ValidationError(
                {"video_link": _("“%(video_link)s” is not a link") % {"video_link": video_link}}
            ) from exc
    if not 10 <= duration_minutes <= 480:
        raise ValidationError(
            {
                "duration_minutes": _("%(duration_minutes)s is outside 10–480")
                % {"duration_minutes": duration_minutes}
            }
        )
    cases = [locked(case)] if case else list(batch.cases.select_for_update())
    for c in cases:
        if refused := session_refused(c):
            raise refused
    session = Session.objects.create(
        case=case,
        batch=batch,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        video_link=video_link,
        scheduled_by=actor,
    )
    for c in cases:
        event_record(
            c, action="session", actor=actor, at=timezone.now(), note=starts_at.isoformat()
        )
    _enqueue_notice(session)
    return session


@transaction.atomic
def session_record_minutes(*, session: Session, actor: AnyUser, minutes: str) -> Session:
    """Record the minutes once; their hash goes into the evidence chain."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    _require_mediation(actor, case=session.case, batch=session.batch)
    if session.minutes_recorded_at is not None:
        raise ValidationError({"minutes": _("The minutes of this session are already recorded.")})
    if not (minutes or "").strip():
        raise ValidationError({"minutes": _("the minutes are empty")})
    now = timezone.now()
    session.minutes = minutes.strip()
    session.minutes_recorded_at = now
    session.save()
    cases = [session.case] if session.case_id else list(session.batch.cases.all())
    evidence_deposit_bytes(
        kind="dispute.minutes",
        subject=f"disputes.session:{session.pk}",
        data=session.minutes.encode(),
        metadata={"cases": [c.number for c in cases]},
    )
    for c in cases:
        event_record(c, action="minutes", actor=actor, at=now)
    return session
