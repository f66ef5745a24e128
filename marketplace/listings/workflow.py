"""The listing workflow: draft → published ⇄ paused, and withdrawn from any of them.

Only the work's holder moves its listings. Services apply these actions; the listing page
asks ``WORKFLOW.available_action_names`` which buttons to show.
"""

from __future__ import annotations

from catalog.kernel.permissions import may_act_for
from catalog.kernel.workflow import Workflow, action
from marketplace.listings.models import Listing, ListingStatus, ListingTransition


def is_seller(listing: Listing, user: object) -> bool:
    """Members of the work's holder (a superuser may stand in for any holder)."""
    return may_act_for(user, listing.work.holder_id)


S = ListingStatus
WORKFLOW = Workflow(
    name="listing",
    actions=[
        action("publish", [S.DRAFT, S.PAUSED], S.PUBLISHED, is_seller),
        action("pause", [S.PUBLISHED], S.PAUSED, is_seller),
        action("withdraw", [S.DRAFT, S.PUBLISHED, S.PAUSED], S.WITHDRAWN, is_seller),
    ],
    audit_model=ListingTransition,
    audit_fk="listing",
)


def editable(listing: Listing) -> bool:
    """Its terms may be edited until the listing is withdrawn (while it may still move)."""
    return listing.status in WORKFLOW.action("withdraw").sources
