"""Who may see a negotiation and on behalf of which party a user acts in it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from catalog.kernel.permissions import acting_party_ids, is_staff, require_acts_for
from catalog.models import Party
from marketplace.deals.models import Thread


def can_view(thread: Thread, user: object) -> bool:
    return is_staff(user) or bool(acting_party_ids(user) & {thread.buyer_id, thread.seller_id})


def acting_party(thread: Thread, user: object, *, not_party_id: int | None = None) -> Party | None:
    """The thread's party the user belongs to; prefers the one that is not ``not_party_id``.

    A user may belong to both organisations (a group with a buying and a selling arm);
    the caller says which side it must not be (the offerer, when answering an offer).
    """
    ids = acting_party_ids(user) & {thread.buyer_id, thread.seller_id}
    if not ids:
        return None
    if not_party_id is not None and len(ids) > 1:
        ids.discard(not_party_id)
    party_id = thread.buyer_id if thread.buyer_id in ids else next(iter(ids))
    return thread.buyer if party_id == thread.buyer_id else thread.seller


def require_member(thread: Thread, user: object, party: Party) -> None:
    """``party`` is a side of the negotiation and ``user`` acts for it."""
    if party.pk not in (thread.buyer_id, thread.seller_id):
        raise PermissionDenied(_("This organisation is not a party to the negotiation."))
    require_acts_for(user, party)
