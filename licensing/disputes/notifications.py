"""Session e-mails to each party, in the party's language and time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from i18n.formatting import format_datetime
from licensing.disputes.models import CaseParty, Session, SessionReminder


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
