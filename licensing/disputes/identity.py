"""Who may act in a case: parties join by invitation, agents act once their principal confirms.

A case row's e-mail address is typed by whoever filed the case, so an account
that carries the same address proves nothing. A party's user is linked to its
row only by accepting an invitation e-mailed to that address (signed, expiring,
single-use: ``tokens``), or by being the filer. An agent's word that it acts for
the claimant is recorded as an ``Agency`` the principal must confirm; until then
the agent signs, withdraws and submits only as itself (``selectors.rows_*``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.kernel.permissions import AnyUser, acting_party_ids, acts_for, is_staff
from i18n.languages import LANGUAGE_CODES
from licensing.disputes import deadlines, selectors, tokens
from licensing.disputes.models import (
    OPEN_STATUSES,
    Agency,
    Case,
    CaseEvent,
    CaseParty,
    CaseStatus,
    Invitation,
)
from licensing.disputes.tasks import send_invitation

if TYPE_CHECKING:
    from licensing.disputes.cases import PartyInput


def _audit(case: Case, *, action: str, actor: object | None, at: dt.datetime, note: str) -> None:
    CaseEvent.objects.create(case=case, action=action, actor=actor, note=note, at=at)


# ---------------------------------------------------------------- filing


def filing_check(
    *,
    filed_by: object,
    claimant: PartyInput,
    respondent: PartyInput,
    agent: PartyInput | None,
) -> None:
    """Refuse a filing that names an account or a party the filer does not answer for.

    Only the filer's own account goes on a row at filing (as claimant, or as the
    claimant's agent); everyone else joins by invitation. Staff may file for others.
    """
    named = (("claimant", claimant), ("respondent", respondent), ("agent", agent))
    for role, data in named:
        if data is not None and data.user is not None and data.user.pk != filed_by.pk:
            raise ValidationError(
                {
                    f"{role}_email": _(
                        "Only your own account can be named when filing; the other "
                        "parties join through the invitation e-mailed to them."
                    )
                }
            )
    if is_staff(filed_by):
        return
    own = agent if agent is not None else claimant
    if own.user is None:
        raise ValidationError(
            {"claimant": _("File as the claimant, or say that you act as the claimant's agent.")}
        )
    if agent is not None and claimant.user is not None:
        raise ValidationError({"claimant": _("An agent cannot also be the claimant.")})
    if own.party is not None and not acts_for(filed_by, own.party.pk):
        raise ValidationError(
            {"claimant": _("You do not act for %(party)s.") % {"party": own.party.name}}
        )


def on_filing(*, case: Case, filed_by: object, at: dt.datetime) -> None:
    """After the rows are written: an agent's authority waits for the claimant's
    confirmation, and a claimant named by its agent is invited to join."""
    rows = {r.role: r for r in case.parties.all()}
    agent = rows.get(CaseParty.Role.AGENT)
    claimant = rows[CaseParty.Role.CLAIMANT]
    if agent is None:
        return
    Agency.objects.create(
        agent=agent,
        principal=claimant,
        scope=Agency.Scope.SIGN,
        requested_by=filed_by,
        requested_at=at,
    )
    _audit(case, action="agency_request", actor=filed_by, at=at, note=agent.name)
    if claimant.user_id is None and claimant.email:
        _invite(claimant, sent_by=filed_by, at=at)


def on_accept(*, case: Case, actor: AnyUser, at: dt.datetime) -> None:
    """Once the centre accepts the case, the respondent is invited (not before: a mere
    filing must not make the platform e-mail whatever address it names)."""
    for row in case.parties.filter(role=CaseParty.Role.RESPONDENT, user__isnull=True):
        if (
            row.email
            and not row.invitations.filter(
                accepted_at__isnull=True, revoked_at__isnull=True
            ).exists()
        ):
            _invite(row, sent_by=actor, at=at)


# ---------------------------------------------------------------- invitations


def _invite(row: CaseParty, *, sent_by: object | None, at: dt.datetime) -> Invitation:
    # A new link replaces the old ones: only the newest e-mail works.
    row.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(revoked_at=at)
    invitation = Invitation.objects.create(
        case_party=row, email=row.email, sent_by=sent_by, sent_at=at
    )
    _audit(row.case, action="invite", actor=sent_by, at=at, note=row.get_role_display())
    transaction.on_commit(lambda: send_invitation.delay(invitation.pk))
    return invitation


def may_invite(user: AnyUser, row: CaseParty) -> bool:
    """The centre (staff, the case's mediator) may (re)send any invitation; the filer too,
    except to the respondent of a case the centre has not accepted yet."""
    case = row.case
    if selectors.can_mediate(user, case) or selectors.can_intake(user):
        return True
    filer = case.filed_by_id is not None and case.filed_by_id == getattr(user, "pk", None)
    return filer and not (row.role == CaseParty.Role.RESPONDENT and case.status == CaseStatus.FILED)


@transaction.atomic
def invitation_send(
    *, case_party: CaseParty, actor: AnyUser, at: dt.datetime | None = None
) -> Invitation:
    """E-mail ``case_party`` a new link to join its case (the older links stop working)."""
    at = deadlines.aware_now(at)
    row = CaseParty.objects.select_for_update().select_related("case").get(pk=case_party.pk)
    if not may_invite(actor, row):
        raise PermissionDenied(_("Only the mediation centre or the filer can send invitations."))
    if row.case.status not in OPEN_STATUSES:
        raise ValidationError(
            {"case": _("Case %(number)s is closed.") % {"number": row.case.number}}
        )
    if row.user_id is not None:
        raise ValidationError(
            {"case_party": _("%(name)s has already joined the case.") % {"name": row.name}}
        )
    if not row.email:
        raise ValidationError(
            {"case_party": _("%(name)s has no e-mail address to invite.") % {"name": row.name}}
        )
    return _invite(row, sent_by=actor, at=at)


def invitation_for_token(*, token: str) -> Invitation:
    """The pending invitation a link names; a clear refusal for a forged, expired, used
    or replaced one."""
    invitation = (
        Invitation.objects.select_related("case_party__case")
        .filter(pk=tokens.invitation_id_from(token))
        .first()
    )
    if invitation is None:
        raise ValidationError({"token": _("This invitation link is not valid.")})
    if invitation.accepted_at is not None:
        raise ValidationError({"token": _("This invitation has already been used.")})
    if invitation.revoked_at is not None:
        raise ValidationError({"token": _("This invitation was replaced by a newer one.")})
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: AnyUser, at: dt.datetime | None = None) -> CaseParty:
    """Link the signed-in ``user`` to the row the link names; once only.

    Refused if the row already has a user, if ``user`` is already another side of
    the same case (an agent cannot become the claimant it asks to represent, a
    claimant cannot become its own respondent), or if the row names a registered
    party ``user`` does not act for.
    """
    at = deadlines.aware_now(at)
    invitation = invitation_for_token(token=token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise ValidationError({"token": _("This invitation has already been used.")})
    row = (
        CaseParty.objects.select_for_update()
        .select_related("case")
        .get(pk=invitation.case_party_id)
    )
    case = row.case
    if row.user_id is not None:
        raise ValidationError(
            {"token": _("%(name)s has already joined the case.") % {"name": row.name}}
        )
    other = [r for r in selectors.own_rows(case, user) if r.pk != row.pk]
    if other:
        raise ValidationError(
            {
                "token": _("You are already the %(role)s in case %(number)s.")
                % {"role": other[0].get_role_display(), "number": case.number}
            }
        )
    if row.party_id is not None and not acts_for(user, row.party_id):
        raise ValidationError(
            {
                "token": _(
                    "This invitation is for %(party)s. Ask its administrators to add you "
                    "to the organisation first."
                )
                % {"party": row.party.name}
            }
        )
    row.user = user
    if row.party_id is None:
        # A user who acts for exactly one organisation is that party in the case.
        parties = acting_party_ids(user)
        if len(parties) == 1:
            row.party_id = next(iter(parties))
    row.save(update_fields=["user", "party"])
    invitation.accepted_at = at
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _audit(case, action="join", actor=user, at=at, note=row.get_role_display())
    return row


# ---------------------------------------------------------------- agency


def _principal_side(agency: Agency, user: object) -> bool:
    """The principal itself (its own row), never through another agency."""
    return agency.principal in selectors.own_rows(agency.principal.case, user)


def _live(agency: Agency) -> Agency:
    agency = (
        Agency.objects.select_for_update()
        .select_related("agent", "principal__case")
        .get(pk=agency.pk)
    )
    if agency.revoked_at is not None:
        raise ValidationError({"agency": _("This authority was revoked.")})
    return agency


@transaction.atomic
def agency_confirm(*, agency: Agency, user: AnyUser, at: dt.datetime | None = None) -> Agency:
    """The principal confirms that the agent acts (and, by scope, signs) for it."""
    at = deadlines.aware_now(at)
    agency = _live(agency)
    if not _principal_side(agency, user):
        raise PermissionDenied(
            _("Only %(name)s can confirm its agent.") % {"name": agency.principal.name}
        )
    if agency.confirmed_at is not None:
        raise ValidationError({"agency": _("This authority is already confirmed.")})
    agency.confirmed_at = at
    agency.confirmed_by = user
    agency.save(update_fields=["confirmed_at", "confirmed_by"])
    _audit(
        agency.principal.case, action="agency_confirm", actor=user, at=at, note=agency.agent.name
    )
    return agency


@transaction.atomic
def agency_revoke(*, agency: Agency, user: AnyUser, at: dt.datetime | None = None) -> Agency:
    """The principal withdraws the authority (or the agent renounces it)."""
    at = deadlines.aware_now(at)
    agency = _live(agency)
    agent_side = agency.agent in selectors.own_rows(agency.agent.case, user)
    if not (_principal_side(agency, user) or agent_side):
        raise PermissionDenied(
            _("Only %(name)s or its agent can revoke this authority.")
            % {"name": agency.principal.name}
        )
    agency.revoked_at = at
    agency.revoked_by = user
    agency.save(update_fields=["revoked_at", "revoked_by"])
    _audit(agency.principal.case, action="agency_revoke", actor=user, at=at, note=agency.agent.name)
    return agency


@transaction.atomic
def agent_appoint(
    *,
    case: Case,
    user: AnyUser,
    name: str,
    email: str,
    scope: str = Agency.Scope.SIGN,
    language: str = "en",
    at: dt.datetime | None = None,
) -> Agency:
    """The claimant names its agent: the authority is confirmed at once (the principal
    grants it) and the agent is invited to join by e-mail."""
    at = deadlines.aware_now(at)
    case = Case.objects.select_for_update().get(pk=case.pk)
    claimant = case.parties.get(role=CaseParty.Role.CLAIMANT)
    if claimant not in selectors.own_rows(case, user):
        raise PermissionDenied(_("Only the claimant can appoint its agent."))
    if case.status not in OPEN_STATUSES:
        raise ValidationError({"case": _("Case %(number)s is closed.") % {"number": case.number}})
    if case.parties.filter(role=CaseParty.Role.AGENT).exists():
        raise ValidationError({"name": _("This case already has an agent.")})
    if scope not in Agency.Scope.values:
        raise ValidationError({"scope": _("Choose what the agent may do.")})
    if not (name or "").strip():
        raise ValidationError({"name": _("Give the agent's name.")})
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Give the agent's e-mail address.")}) from exc
    if language not in LANGUAGE_CODES:
        raise ValidationError(
            {"language": _("“%(language)s” is not a site language") % {"language": language}}
        )
    agent = CaseParty.objects.create(
        case=case,
        role=CaseParty.Role.AGENT,
        name=name.strip(),
        email=email,
        language=language,
        time_zone=claimant.time_zone,
    )
    agency = Agency.objects.create(
        agent=agent,
        principal=claimant,
        scope=scope,
        requested_by=user,
        requested_at=at,
        confirmed_by=user,
        confirmed_at=at,
    )
    _audit(case, action="agent_appoint", actor=user, at=at, note=agent.name)
    _invite(agent, sent_by=user, at=at)
    return agency


# ---------------------------------------------------------------- reads for the parties page


def may_confirm(user: AnyUser, agency: Agency) -> bool:
    return (
        agency.revoked_at is None and agency.confirmed_at is None and _principal_side(agency, user)
    )


def may_revoke(user: AnyUser, agency: Agency) -> bool:
    return agency.revoked_at is None and (
        _principal_side(agency, user) or agency.agent in selectors.own_rows(agency.agent.case, user)
    )


def may_appoint(user: AnyUser, case: Case) -> bool:
    """The claimant itself, while the case is open and has no agent yet."""
    rows = {r.role: r for r in case.parties.all()}
    return (
        case.status in OPEN_STATUSES
        and CaseParty.Role.AGENT not in rows
        and rows.get(CaseParty.Role.CLAIMANT) in selectors.own_rows(case, user)
    )


def parties_overview(*, case: Case, user: AnyUser) -> dict[str, object]:
    """Each row with whether it has joined and its pending invitation; each agency with
    what ``user`` may do about it."""
    rows = []
    for row in case.parties.select_related("case", "user", "party"):
        pending = row.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).first()
        rows.append(
            {
                "row": row,
                "joined": row.user_id is not None,
                "pending": pending,
                "can_invite": case.status in OPEN_STATUSES
                and row.user_id is None
                and bool(row.email)
                and may_invite(user, row),
            }
        )
    agencies = [
        {"agency": a, "can_confirm": may_confirm(user, a), "can_revoke": may_revoke(user, a)}
        for a in Agency.objects.filter(principal__case=case).select_related(
            "agent__case", "principal__case", "confirmed_by", "revoked_by"
        )
    ]
    return {"rows": rows, "agencies": agencies, "can_appoint": may_appoint(user, case)}
