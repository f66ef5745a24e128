"""The stream offer workflow: draft → open → closed → settled; draft / open → cancelled.

The holder opens and cancels; closing (a sealed auction's time, or a fixed-price purchase)
and settling (the winner's invoice paid) are the platform's moves, made by services as
``SYSTEM`` after they checked who asked.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catalog.kernel.permissions import acts_for, is_staff
from catalog.kernel.workflow import Workflow, action, platform_only
from finance.streams.models import StreamOffer, StreamOfferEvent, StreamStatus


def _holder(offer: StreamOffer, user: object) -> bool:
    return acts_for(user, offer.holder_id)


def _holder_or_staff(offer: StreamOffer, user: object) -> bool:
    return is_staff(user) or acts_for(user, offer.holder_id)


S = StreamStatus

WORKFLOW = Workflow(
    name="stream_offer",
    actions=[
        action("open", [S.DRAFT], S.OPEN, _holder, label=_("Open the offer"), style="primary"),
        action(
            "cancel",
            [S.DRAFT, S.OPEN],
            S.CANCELLED,
            _holder_or_staff,
            label=_("Cancel"),
            style="danger",
        ),
        action("close", [S.OPEN], S.CLOSED, platform_only),
        action("settle", [S.CLOSED], S.SETTLED, platform_only),
    ],
    audit_model=StreamOfferEvent,
    audit_fk="offer",
)
