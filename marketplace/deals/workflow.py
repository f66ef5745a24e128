"""The offer workflow: an open offer is countered, accepted, declined, withdrawn or expires.

Every move closes the offer; only an open one moves — except that a court order over the
work suspends an open offer and its end resumes it (``marketplace.deals.suspension``), and
a suspended offer can still be withdrawn by its maker or expire. The other side answers (counter,
accept, decline), the side that made the offer withdraws it, and expiry is the
platform's own step. The audit row also names the party the actor acted for. Services
apply these actions; the negotiation page asks ``WORKFLOW.available_action_names``
which buttons to show.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from catalog.kernel.permissions import acts_for
from catalog.kernel.workflow import Workflow, action, platform_only
from marketplace.deals.models import Offer, OfferStatus, OfferTransition


def answers(offer: Offer, user: object) -> bool:
    """A member of the thread's other side than the one that made the offer."""
    thread = offer.thread
    return acts_for(user, thread.other_party_id(offer.offered_by_id))


def made_it(offer: Offer, user: object) -> bool:
    return acts_for(user, offer.offered_by_id)


def _already(offer: Offer) -> str:
    return _("Version %(version)s is already %(status)s.") % {
        "version": offer.version,
        "status": OfferStatus(offer.status).label,
    }


S = OfferStatus
WORKFLOW = Workflow(
    name="offer",
    actions=[
        action("counter", [S.OPEN], S.COUNTERED, answers, refusal=_already),
        action("accept", [S.OPEN], S.ACCEPTED, answers, refusal=_already),
        action("decline", [S.OPEN], S.DECLINED, answers, refusal=_already),
        # The maker may drop a suspended offer; nobody may answer one.
        action("withdraw", [S.OPEN, S.SUSPENDED], S.WITHDRAWN, made_it, refusal=_already),
        action("expire", [S.OPEN, S.SUSPENDED], S.EXPIRED, platform_only, refusal=_already),
        action("suspend", [S.OPEN], S.SUSPENDED, platform_only, refusal=_already),
        action("resume", [S.SUSPENDED], S.OPEN, platform_only, refusal=_already),
    ],
    audit_model=OfferTransition,
    audit_fk="offer",
)
