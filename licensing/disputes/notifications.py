"""E-mails to case parties (session notices, invitations), in each party's language and time
zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from i18n.formatting import format_datetime
from licensing.disputes import tokens
from licensing.disputes.models import CaseParty, Invitation, Session, SessionReminder


def session_parties(session: Session) -> list[CaseParty]:
    cases = [session.case] if session.case_id else list(session.batch.cases.all())
    return list(CaseParty.objects.filter(case__in=cases).select_related("case", "user"))


def local_start(session: Session, party: CaseParty) -> str:
    """The start time on the party's own clock, formatted for their language."""
    with timezone.override(ZoneInfo(party.time_zone)):
        return format_datetime(session.starts_at, fmt="full", language=party.language)


def _address(party: CaseParty) -> str:
    return party.email or (party.user.email if party.user_id else "")


def send_session_notices(*, session_id: int, kind: str) -> int:
    """Send each party its e-mail once (the unique reminder row makes retries harmless)."""
    session = Session.objects.select_related("case", "batch").get(pk=session_id)
    sent = 0
    for party in session_parties(session):
        address = _address(party)
        if not address:
            continue
        try:
            with transaction.atomic():
                SessionReminder.objects.create(session=session, case_party=party, kind=kind)
                with translation.override(party.language):
                    subject = (
                        _("Mediation session scheduled — case %(number)s")
                        if kind == "scheduled"
                        else _("Reminder: mediation session — case %(number)s")
                    ) % {"number": party.case.number}
                    body = _(
                        "Dear %(name)s,\n\nA mediation session of case %(number)s takes place "
                        "on %(when)s (%(zone)s), for %(minutes)s minutes.\nVideo link: %(link)s\n"
                    ) % {
                        "name": party.name,
                        "number": party.case.number,
                        "when": local_start(session, party),
                        "zone": party.time_zone,
                        "minutes": session.duration_minutes,
                        "link": session.video_link or "—",
                    }
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        except IntegrityError:
            continue  # already sent by an earlier run
        sent += 1
    return sent


def due_reminders(*, within_hours: int = 24) -> list[int]:
    now = timezone.now()
    return list(
        Session.objects.filter(
            starts_at__gt=now, starts_at__lte=now + dt.timedelta(hours=within_hours)
        ).values_list("pk", flat=True)
    )


def send_invitation_notice(*, invitation_id: int) -> bool:
    """E-mail the link of a pending invitation; a used or replaced one is not sent.

    The token is signed here, at sending, so it never sits in the task queue.
    """
    invitation = (
        Invitation.objects.select_related("case_party__case").filter(pk=invitation_id).first()
    )
    if invitation is None or invitation.accepted_at or invitation.revoked_at:
        return False
    party = invitation.case_party
    case = party.case
    with translation.override(party.language):
        link = settings.SITE_URL.rstrip("/") + reverse(
            "disputes:join", args=[tokens.invitation_token(invitation.pk)]
        )
        subject = _("You are invited to join dispute case %(number)s") % {"number": case.number}
        body = _(
            "Dear %(name)s,\n\nYou are named as %(role)s in dispute case %(number)s "
            "(%(summary)s) at the mediation centre.\nTo see the case and take part, sign in "
            "(or create an account) and open this link within %(days)s days:\n%(link)s\n"
        ) % {
            "name": party.name,
            "role": party.get_role_display(),
            "number": case.number,
            "summary": case.summary,
            "days": tokens.max_age_seconds() // 86400,
            "link": link,
        }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    return True
