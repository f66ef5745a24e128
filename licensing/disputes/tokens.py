"""The signed token in a case invitation link.

Kept apart from the services so that the e-mail task (notifications) and the
services (identity) can both use it without importing each other.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SALT = "licensing.disputes.invitation"


def max_age_seconds() -> int:
    return int(getattr(settings, "DISPUTES_INVITATION_MAX_AGE", 14 * 24 * 3600))


def invitation_token(invitation_id: int) -> str:
    """A timestamped signature of the invitation's id (TimestampSigner under signing.dumps)."""
    return signing.dumps({"invitation": invitation_id}, salt=_SALT)


def invitation_id_from(token: str) -> int:
    """The invitation a link names; a clear refusal for a forged or expired one."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=max_age_seconds())
    except signing.SignatureExpired as exc:
        raise ValidationError(
            {"token": _("This invitation has expired. Ask the mediation centre for a new one.")}
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationError({"token": _("This invitation link is not valid.")}) from exc
    invitation_id = data.get("invitation") if isinstance(data, dict) else None
    if not isinstance(invitation_id, int):
        raise ValidationError({"token": _("This invitation link is not valid.")})
    return invitation_id
