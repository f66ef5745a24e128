"""Who joins a party: invitations by its managers, requests by users, and their decisions.

A party's owners and administrators (kernel ``managed_party_ids``, which already
requires a verified e-mail) invite colleagues by e-mail or decide on requests to
join. An invitation link carries a signed, timestamped token naming the invitation
row: the signature stops forged links, the timestamp expires it
(``PARTY_INVITATION_MAX_AGE``), the row's status makes it single-use, and only a user
who has verified the invited address can accept it, so a forwarded link is useless.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.permissions import (
    MANAGER_ROLES,
    AnyUser,
    acting_party_ids,
    has_verified_email,
    managed_party_ids,
)
from catalog.models import Membership, MembershipRequest, Party, PartyInvitation
from catalog.services import party_add_member

_INVITATION_SALT = "catalog.party-invitation"
INVITABLE_ROLES = (Membership.Role.ADMIN, Membership.Role.MEMBER)


def _require_manager(*, user: AnyUser, party: Party) -> None:
    if party.pk not in managed_party_ids(user):
        raise PermissionDenied(
            _("Only the owners and administrators of %(party)s can do this.")
            % {"party": party.name}
        )


def _notify(*, subject: str, body: str, recipients: list[str]) -> None:
    recipients = sorted({address for address in recipients if address})
    if recipients:
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        )


def invitation_token(invitation: PartyInvitation) -> str:
    return signing.dumps({"invitation": invitation.pk}, salt=_INVITATION_SALT)


def email_mark_verified(*, user: AnyUser, email: str = "") -> EmailAddress:
    """Record ``user``'s e-mail (``email``, else their account's) as their verified
    primary address without a confirmation link: for demo data only; people verify
    through allauth's link."""
    email = (email or user.email).strip().lower()
    if user.email != email:
        user.email = email
        user.save(update_fields=["email"])
    address, _created = EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return address


@transaction.atomic
def party_invite(
    *,
    party: Party,
    email: str,
    role: str,
    invited_by: object,
    accept_url: Callable[[str], str],
) -> PartyInvitation:
    """Invite ``email`` into ``party`` as ``role`` and e-mail them the link
    (``accept_url`` turns a token into an absolute URL). Inviting the same address
    again replaces the pending invitation, so only the newest link works."""
    _require_manager(user=invited_by, party=party)
    # One invitation at a time per party: a second request replacing the pending one
    # waits here instead of tripping the one-pending constraint.
    Party.objects.select_for_update().filter(pk=party.pk).first()
    email = email.strip().lower()
    if role not in INVITABLE_ROLES:
        raise ValidationError({"role": _("Invite as an administrator or a member.")})
    if Membership.objects.filter(
        party=party, user__emailaddress__email__iexact=email, user__emailaddress__verified=True
    ).exists():
        raise ValidationError(
            {
                "email": _("%(email)s is already a member of %(party)s.")
                % {"email": email, "party": party.name}
            }
        )
    PartyInvitation.objects.filter(
        party=party, email=email, status=PartyInvitation.Status.PENDING
    ).update(status=PartyInvitation.Status.REVOKED, decided_at=timezone.now())
    invitation = PartyInvitation.objects.create(
        party=party, email=email, role=role, invited_by=invited_by
    )
    days = settings.PARTY_INVITATION_MAX_AGE // 86400
    _notify(
        subject=_("Invitation to join %(party)s") % {"party": party.name},
        body=_(
            "%(inviter)s invites you to act for %(party)s on the Copyright Exchange as "
            "%(role)s.\n\nAccept within %(days)s days, signed in with this e-mail "
            "address verified:\n%(url)s\n"
        )
        % {
            "inviter": invited_by.get_username(),
            "party": party.name,
            "role": invitation.get_role_display(),
            "days": days,
            "url": accept_url(invitation_token(invitation)),
        },
        recipients=[email],
    )
    return invitation


def invitation_for_token(*, token: str) -> PartyInvitation:
    """The pending invitation a link names; a clear refusal for a forged, expired,
    used or withdrawn link."""
    try:
        data = signing.loads(
            token, salt=_INVITATION_SALT, max_age=settings.PARTY_INVITATION_MAX_AGE
        )
    except signing.SignatureExpired as exc:
        raise ValidationError(
            _("This invitation has expired. Ask the organisation to invite you again.")
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("This invitation link is not valid.")) from exc
    invitation = (
        PartyInvitation.objects.select_related("party").filter(pk=data.get("invitation")).first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."))
    if invitation.status == PartyInvitation.Status.ACCEPTED:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.status == PartyInvitation.Status.REVOKED:
        raise ValidationError(_("This invitation was withdrawn or replaced by a newer one."))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: AnyUser) -> Membership:
    invitation = invitation_for_token(token=token)
    # Lock, then re-check: two tabs accepting at once must not both pass.
    invitation = PartyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != PartyInvitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been used."))
    if not EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists():
        raise ValidationError(
            _(
                "This invitation is for %(email)s. Sign in with an account that has "
                "verified this address, or add and verify it under your e-mail settings."
            )
            % {"email": invitation.email}
        )
    membership = party_add_member(party=invitation.party, user=user, role=invitation.role)
    invitation.status = PartyInvitation.Status.ACCEPTED
    invitation.accepted_by = user
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "decided_at"])
    return membership


@transaction.atomic
def membership_request_create(
    *, party: Party, user: AnyUser, message: str = ""
) -> MembershipRequest:
    if not has_verified_email(user):
        raise ValidationError(
            _("Verify your e-mail address before asking to join an organisation.")
        )
    if Membership.objects.filter(party=party, user=user).exists():
        raise ValidationError(_("You are already a member of %(party)s.") % {"party": party.name})
    try:
        with transaction.atomic():
            request = MembershipRequest.objects.create(
                party=party, user=user, message=message.strip()
            )
    except IntegrityError as exc:  # membership_request_one_pending
        raise ValidationError(
            _("Your request to join %(party)s is already waiting for a decision.")
            % {"party": party.name}
        ) from exc
    managers = Membership.objects.filter(party=party, role__in=MANAGER_ROLES).select_related("user")
    _notify(
        subject=_("%(user)s asks to join %(party)s")
        % {"user": user.get_username(), "party": party.name},
        body=_(
            "%(user)s asks to act for %(party)s on the Copyright Exchange. Approve or "
            "reject the request under My organisations."
        )
        % {"user": user.get_username(), "party": party.name},
        recipients=[m.user.email for m in managers],
    )
    return request


@transaction.atomic
def membership_request_decide(
    *, request_id: int, user: AnyUser, approve: bool
) -> MembershipRequest:
    request = (
        MembershipRequest.objects.select_for_update()
        .select_related("party", "user")
        .get(pk=request_id)
    )
    _require_manager(user=user, party=request.party)
    if request.status != MembershipRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if approve:
        party_add_member(party=request.party, user=request.user, role=Membership.Role.MEMBER)
    request.status = (
        MembershipRequest.Status.APPROVED if approve else MembershipRequest.Status.REJECTED
    )
    request.decided_by = user
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    return request


# --- reads ---------------------------------------------------------------------


def party_members(*, party: Party, user: AnyUser) -> QuerySet[Membership]:
    """The party's members, for its own members only."""
    if party.pk not in acting_party_ids(user):
        raise PermissionDenied(_("You are not a member of this organisation."))
    return party.memberships.select_related("user").order_by("role", "user__username")


def pending_requests_for(*, user: AnyUser) -> QuerySet[MembershipRequest]:
    return (
        MembershipRequest.objects.filter(
            party_id__in=managed_party_ids(user), status=MembershipRequest.Status.PENDING
        )
        .select_related("party", "user")
        .order_by("created_at")
    )


def pending_invitations_for(*, user: AnyUser) -> QuerySet[PartyInvitation]:
    return PartyInvitation.objects.filter(
        party_id__in=managed_party_ids(user), status=PartyInvitation.Status.PENDING
    ).order_by("-created_at")


def parties_to_join(*, user: AnyUser, query: str) -> QuerySet[Party]:
    """Parties whose name matches ``query`` (3 characters at least) that the user is
    not yet a member of."""
    query = query.strip()
    if len(query) < 3:
        return Party.objects.none()
    return (
        Party.objects.filter(Q(name__icontains=query) | Q(original_name__icontains=query))
        .exclude(memberships__user=user)
        .order_by("name")[:20]
    )
